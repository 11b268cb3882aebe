// Playwright Test config of this project: one project for the tenant profiles (a tenant with
// setup or teardown scenarios has its own), a generated spec per scenario file, HTML + JUnit reports. `rehearse run`
// passes the run's options to it; a plain `npx playwright test` prepares the run in globalSetup.
// JavaScript that imports only packages, so Playwright starts without its TypeScript loader (about
// a second of CPU a run); a playwright.config.ts works the same, at that cost.
// @ts-check
import { defineRehearseConfig } from 'rehearse/playwright';

export default defineRehearseConfig();
