// The Playwright config `rehearse run` uses when a project has no playwright.config.ts.
import { defineRehearseConfig } from './config.js';

export default defineRehearseConfig();
