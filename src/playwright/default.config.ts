// The Playwright config `rehearse run` uses when a project has no playwright.config.* of its own.
import { defineRehearseConfig } from './config.js';

export default defineRehearseConfig();
