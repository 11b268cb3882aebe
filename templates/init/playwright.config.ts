// Playwright Test config of this project: one project per tenant profile (plus its setup and
// teardown projects), a generated spec per scenario file, HTML + JUnit reports. `rehearse run`
// passes the run's options to it; a plain `npx playwright test` prepares the run in globalSetup.
import { defineRehearseConfig } from 'rehearse/playwright';

export default defineRehearseConfig();
