/** Files of a business summary in its folder (`reports/summary/`): the run's reporter and `rehearse drill` write them. */
export const SUMMARY_FILES = { json: 'summary.json', markdown: 'summary.md', html: 'summary.html' } as const;
