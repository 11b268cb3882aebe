// The preflight lives with the Playwright side, whose globalSetup runs it for a plain `npx playwright test`.
export * from '../playwright/preflight.js';
