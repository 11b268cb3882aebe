import { createHash } from 'node:crypto';

/** The screens' one stylesheet, served at `/ui/app.css` (no external assets). */
export const APP_CSS = `
:root {
  --ink: #1d2433; --muted: #5b6478; --line: #dde1ea; --bg: #f5f6f9; --panel: #fff;
  --brand: #23408e; --brand-ink: #fff; --accent: #2f6fde; --danger: #b42318; --ok: #107a3e; --warn: #9a6700;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: var(--bg);
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible {
  outline: 3px solid #f5b400; outline-offset: 1px;
}
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem 1rem; z-index: 10; }
.skip:focus { left: .5rem; }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
header.top { background: var(--brand); color: var(--brand-ink); }
header.top .bar { display: flex; align-items: center; gap: 1.5rem; padding: .6rem 1.5rem; flex-wrap: wrap; }
header.top .brand { font-weight: 700; letter-spacing: .02em; color: inherit; text-decoration: none; font-size: 1.05rem; }
header.top .who { margin-left: auto; display: flex; align-items: center; gap: .75rem; font-size: .9rem; }
header.top .who form { margin: 0; }
header.top .who button { background: transparent; color: inherit; border: 1px solid rgba(255,255,255,.6); }
nav.main-nav { background: #1a3270; }
nav.main-nav ul { list-style: none; margin: 0; padding: 0 1rem; display: flex; flex-wrap: wrap; }
nav.main-nav a { display: block; padding: .55rem .8rem; color: #dfe6fb; text-decoration: none; font-size: .92rem; }
nav.main-nav a:hover { color: #fff; background: rgba(255,255,255,.08); }
nav.main-nav a[aria-current="page"] { color: #fff; box-shadow: inset 0 -3px 0 #f5b400; }
main { flex: 1; width: 100%; max-width: 1180px; margin: 0 auto; padding: 1.25rem 1.5rem 3rem; }
footer { color: var(--muted); font-size: .8rem; text-align: center; padding: 1rem; }
h1 { font-size: 1.5rem; margin: .25rem 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.75rem 0 .6rem; }
.page-head { display: flex; align-items: center; gap: 1rem; flex-wrap: wrap; }
.page-head h1 { margin-right: auto; }
form.panel > h2:first-child { margin-top: 0; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; }
.actions { display: flex; gap: .5rem; flex-wrap: wrap; align-items: flex-end; margin: 1rem 0; }
.actions form { margin: 0; display: flex; gap: .5rem; align-items: flex-end; }
table { width: 100%; border-collapse: collapse; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
caption { text-align: left; font-weight: 600; padding: 0 0 .4rem; color: var(--muted); font-size: .9rem; }
th, td { padding: .5rem .75rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { background: #eef1f7; font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
tbody tr:nth-child(even) { background: #fafbfd; }
tbody th { font-weight: 600; }
tfoot th, tfoot td { font-weight: 600; background: #f7f8fb; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.empty { color: var(--muted); text-align: center; padding: 1.5rem; }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: .75rem 1.5rem; margin: 0; }
dl.facts div { min-width: 0; }
dl.facts dt { color: var(--muted); font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; }
dl.facts dd { margin: .1rem 0 0; font-weight: 500; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: .05rem .55rem; border-radius: 999px; font-size: .8rem; font-weight: 600;
  background: #e7eaf1; color: #344054; white-space: nowrap; }
.badge.ok { background: #dcf3e5; color: var(--ok); }
.badge.warn { background: #fff1cc; color: var(--warn); }
.badge.bad { background: #fde3e1; color: var(--danger); }
.badge.info { background: #dfe9fd; color: #1f4fb0; }
label { display: block; font-weight: 600; font-size: .9rem; margin-bottom: .25rem; }
input, select { font: inherit; padding: .45rem .6rem; border: 1px solid #b8c0d0; border-radius: 6px; background: #fff; color: inherit; min-width: 0; }
input[type="checkbox"] { width: 1.1rem; height: 1.1rem; vertical-align: middle; }
.check label { display: inline; font-weight: 500; margin-left: .35rem; }
input[aria-invalid="true"], select[aria-invalid="true"] { border-color: var(--danger); box-shadow: 0 0 0 1px var(--danger); }
.field { margin-bottom: 1rem; }
.field .hint { color: var(--muted); font-size: .82rem; margin-top: .2rem; }
.field-error { color: var(--danger); font-size: .85rem; margin-top: .25rem; font-weight: 500; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 0 1.25rem; }
.grid input, .grid select { width: 100%; }
table.entry td { border-bottom: 0; }
table.entry select { width: 100%; }
table.entry input { width: 8rem; }
button { font: inherit; font-weight: 600; padding: .45rem 1rem; border-radius: 6px; border: 1px solid var(--accent);
  background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button.danger { background: #fff; color: var(--danger); border-color: var(--danger); }
button:disabled { opacity: .45; cursor: not-allowed; }
a.button { display: inline-block; font-weight: 600; padding: .45rem 1rem; border-radius: 6px; background: var(--accent);
  color: #fff; text-decoration: none; }
.filters { display: flex; gap: .75rem; align-items: flex-end; margin-bottom: 1rem; flex-wrap: wrap; }
.filters .field { margin: 0; }
.alert { border: 1px solid #f3b8b2; background: #fff4f3; color: var(--danger); border-radius: 8px; padding: .75rem 1rem; margin-bottom: 1rem; }
.alert h2 { font-size: 1rem; margin: 0 0 .25rem; }
.alert ul { margin: .25rem 0 0; padding-left: 1.25rem; }
.alert a { color: var(--danger); }
.notice { border: 1px solid #a6dcb9; background: #effaf3; color: var(--ok); border-radius: 8px; padding: .6rem 1rem; margin-bottom: 1rem; }
.muted { color: var(--muted); }
pre.document { background: #0f172a; color: #e2e8f0; padding: 1rem; border-radius: 8px; overflow: auto;
  font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; word-break: break-all; }
body.login { background: linear-gradient(160deg, #23408e 0%, #1a3270 55%, #f5f6f9 55%); }
body.login main { max-width: 420px; margin-top: 8vh; }
body.login .panel { padding: 1.75rem 2rem; box-shadow: 0 12px 32px rgba(16,24,40,.18); }
body.login .brand { color: #fff; font-weight: 700; text-align: center; margin-bottom: 1rem; font-size: 1.2rem; }
body.login input { width: 100%; }
body.login button { width: 100%; margin-top: .5rem; padding: .6rem; }
`;

/** Changes whenever the stylesheet does, so the link can be cached for long. */
export const APP_CSS_VERSION = createHash('sha256').update(APP_CSS).digest('hex').slice(0, 10);
