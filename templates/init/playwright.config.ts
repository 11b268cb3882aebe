// Playwright Test config of this project: one project per tenant profile,
// HTML + JUnit reports. `rehearse run` passes the run's options to it.
import { defineRehearseConfig } from 'rehearse/playwright';

export default defineRehearseConfig();
