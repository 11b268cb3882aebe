// The embedded target lives with the Playwright side, whose globalSetup starts it for a plain `npx playwright test`.
export * from '../playwright/embedded-target.js';
