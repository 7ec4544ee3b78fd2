// browser-test.mjs — open every rendered deck and notes page in headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core from slides/node_modules) and check what a reader
// would see. Run by harness/slides/wb-check-slides (make check-slides, make check step 80-slides):
//
//     node harness/slides/browser-test.mjs build/slides/week01.html build/notes/week01.html ...
//
// For every page: no console error and no uncaught exception; no request that leaves the machine
// (anything but file:, data:, blob:, about: is blocked and counted); no file that fails to load.
// Decks (build/slides/weekNN.html): reveal.js started and has the slides its source has, each
// fitting the slide's height and width (no formula or code line cut off at the right edge), each
// figure caption and figure large enough to read at 1280x720; every formula rendered by KaTeX, every image decoded, speaker notes
// present; the first slide is saved as
// build/slides/shots/weekNN.png (and its first slides with maths and with a figure as
// weekNN-maths.png, weekNN-figure.png). Notes (build/notes/weekNN.html): headings, code and rendered
// maths; a screenshot of the top goes to build/slides/shots/notes-weekNN.png. Index pages: every
// link points at a file that exists. Prints [PASS]/[FAIL] lines, then "N passed, N failed".
// --bad FILE adds a negative control (harness/slides/bad-deck.md): it must fail every check.
// Settings: WB_CHROMIUM (default /usr/bin/chromium), WB_BROWSER_JOBS (pages at a time, default 2),
// WB_SHOTS_ALL=1 (a screenshot of every slide: build/slides/shots/weekNN-NN.png), WB_TIMING=1.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const require = createRequire(path.resolve('slides/package.json'));
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.WB_CHROMIUM || '/usr/bin/chromium';
// As root, with this machine's closed network: no sandbox, no GPU, and none of Chromium's own
// background connections (they would be refused, and they are not the page's requests anyway).
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-default-apps', '--disable-extensions', '--no-default-browser-check'];
const LOCAL = /^(file|data|blob|about):/;
const MIN_SLIDES = 6;           // a 60–90 minute session has more than a title and a summary
const PAGE_TIMEOUT_MS = 20000;
// Readable from the back of a room on a 1280x720 screen: a figure caption at least this many
// pixels high, and a figure shown at no less than this share of its pixels (the harness draws
// text into figures at 17 pt in plots, 12-21 px in grids and heat maps: below 60% it is
// under 8 px)
const MIN_CAPTION_PX = 15;
const MIN_FIGURE_SCALE = 0.6;
let speakerViewChecked = false;     // the speaker view is opened for the first deck only

let passed = 0, failed = 0;
const pass = (msg) => { passed++; console.log(`[PASS] ${msg}`); };
const fail = (msg) => { failed++; console.log(`[FAIL] ${msg}`); };

const args = process.argv.slice(2);
const bad = [];
const pages = [];
for (let i = 0; i < args.length; i++) {
    if (args[i] === '--bad') bad.push(args[++i]);
    else pages.push(args[i]);
}
const shots = 'build/slides/shots';
mkdirSync(shots, { recursive: true });

// Whole-run guard: never hang make check.
const guard = setTimeout(() => { fail('browser test: did not finish within 120 s'); finish(2); }, 120000);
guard.unref();

function finish(code) {
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(code ?? (failed ? 1 : 0));
}

function kind(file) {
    const base = path.basename(file);
    if (base === 'index.html') return 'index';
    return file.includes('/notes/') ? 'notes' : 'deck';
}

// The problems a page has, as a list of one-line messages, and a summary of what it holds.
async function inspect(context, file) {
    const problems = [];
    const page = await context.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`uncaught exception: ${e.message}`));
    page.on('request', (r) => { if (!LOCAL.test(r.url())) problems.push(`request leaves the machine: ${r.url()}`); });
    page.on('requestfailed', (r) => {
        if (LOCAL.test(r.url())) problems.push(`failed to load ${r.url()}: ${r.failure()?.errorText}`);
    });
    const url = pathToFileURL(path.resolve(file)).href;
    let info = '';
    try {
        await page.goto(url, { waitUntil: 'load' });
        await page.evaluate(() => document.fonts.ready);
        const k = kind(file);
        if (k === 'deck') info = await checkDeck(page, file, problems);
        else if (k === 'notes') info = await checkNotes(page, file, problems);
        else info = await checkIndex(page, file, problems);
    } catch (e) {
        problems.push(`could not be checked: ${e.message.split('\n')[0]}`);
    }
    await page.close();
    return { problems: [...new Set(problems)], info };
}

async function checkPage(context, file) {
    const name = `${kind(file)} ${file}`;
    const { problems, info } = await inspect(context, file);
    if (problems.length === 0) return [[true, `${name}: ${info}`]];
    return problems.map((p) => [false, `${name}: ${p}`]);
}

// The negative control (--bad FILE): a deck made broken on purpose must show each kind of problem
// this test looks for, or the test could not fail.
const MUST_CATCH = {               // what to call it: a piece of the problem's message
    'console error': 'console error',
    'request leaving the machine': 'request leaves the machine',
    'missing image': 'image does not load',
    'unrendered maths': 'formulas not rendered',
    'slide too tall': 'px tall, more than',
    'slide too wide': 'px wider than',
    'caption too small': 'under the',
    'figure shown too small': 'of its pixels',
};
async function checkBad(context, file) {
    const { problems } = await inspect(context, file);
    const missed = Object.keys(MUST_CATCH).filter((k) => !problems.some((p) => p.includes(MUST_CATCH[k])));
    if (missed.length === 0) return [[true, `negative control ${file}: caught ${Object.keys(MUST_CATCH).join(', ')}`]];
    return [[false, `negative control ${file}: did not catch ${missed.join(', ')} (found: ${problems.join(' | ')})`]];
}

// Formulas: pandoc wraps each in <span class="math">; KaTeX replaces its text with .katex markup.
// With pandoc's throwOnError: false, KaTeX shows a formula it cannot parse as .katex-error, and an
// unknown command in its error colour (#cc0000): either counts as not rendered.
async function mathsState(page) {
    return page.evaluate(() => {
        const bad = (s) => s.querySelector('.katex-error, [style*="#cc0000"], [style*="rgb(204, 0, 0)"]');
        const spans = [...document.querySelectorAll('span.math')];
        return {
            total: spans.length,
            rendered: spans.filter((s) => s.querySelector('.katex') && !bad(s)).length,
            errors: spans.filter((s) => !s.querySelector('.katex') || bad(s)).map((s) => s.textContent).slice(0, 3),
        };
    });
}

function checkMaths(m, problems) {
    if (m.total === 0) problems.push('no formula on the page (expected maths rendered by KaTeX)');
    if (m.rendered !== m.total) problems.push(`${m.total - m.rendered} of ${m.total} formulas not rendered: ${m.errors.join(' | ')}`);
}

async function imagesState(page) {
    return page.evaluate(async () => {
        const imgs = [...document.images];
        // reveal.js loads a slide's images lazily (data-src) as it nears: load them all now
        for (const i of imgs) if (!i.getAttribute('src') && i.dataset.src) i.src = i.dataset.src;
        await Promise.all(imgs.map((i) => (i.complete ? null : new Promise((r) => { i.onload = i.onerror = r; }))));
        return imgs.map((i) => ({ src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0 }));
    });
}

async function checkDeck(page, file, problems) {
    await page.waitForFunction(() => window.Reveal && window.Reveal.isReady(), null, { timeout: PAGE_TIMEOUT_MS });
    const d = await page.evaluate(() => ({
        slides: window.Reveal.getTotalSlides(),
        notes: document.querySelectorAll('aside.notes').length,
        title: (document.querySelector('#title-slide h1')?.textContent || '').replace(/\s+/g, ' ').trim(),
    }));
    if (d.slides < MIN_SLIDES) problems.push(`only ${d.slides} slides (a session needs at least ${MIN_SLIDES})`);
    // its source slides/weekNN.md: a title slide plus one slide per "## " heading outside code
    const source = path.join('slides', path.basename(file, '.html') + '.md');
    if (existsSync(source)) {
        let fenced = false, headings = 0;
        for (const line of readFileSync(source, 'utf8').split('\n')) {
            if (/^(```|~~~)/.test(line)) fenced = !fenced;
            else if (!fenced && /^## /.test(line)) headings++;
        }
        if (d.slides !== headings + 1) problems.push(`${d.slides} slides, but ${source} has a title and ${headings} slides`);
    }
    if (!d.title) problems.push('no title slide');
    if (d.notes === 0) problems.push('no speaker notes (::: notes blocks)');
    const m = await mathsState(page);
    checkMaths(m, problems);
    const imgs = await imagesState(page);
    for (const i of imgs) if (!i.ok) problems.push(`image does not load: ${i.src}`);
    // every slide fits the slide's height: reveal.js cuts off whatever does not
    const overflows = await page.evaluate(async () => {
        const R = window.Reveal, height = R.getConfig().height, out = [];
        const slides = R.getSlides();
        for (let i = 0; i < slides.length; i++) {
            R.slide(i, 0);
            await new Promise((r) => requestAnimationFrame(() => r()));
            const s = slides[i];
            if (s.scrollHeight > height + 2) out.push(`slide ${i + 1} ("${s.querySelector('h1, h2')?.textContent || ''}") is ${s.scrollHeight} px tall, more than the ${height} px of a slide`);
        }
        return out;
    });
    problems.push(...overflows);
    // every slide fits the slide's width: a formula or a code line wider than the slide is cut off
    // at its right edge (and a scroll box hides it); figures and their captions large enough to read
    const wide = await page.evaluate(async ({ minCaption, minScale }) => {
        const R = window.Reveal, width = R.getConfig().width, out = [];
        const slides = R.getSlides();
        const name = (s, i) => `slide ${i + 1} ("${s.querySelector('h1, h2')?.textContent || ''}")`;
        const what = (e) => {
            const m = e.closest('.katex-display, .katex, pre, table, img, p, li');
            const t = (m ? m.textContent : e.textContent).replace(/\s+/g, ' ').trim();
            return `${m ? m.tagName.toLowerCase() + (m.className ? '.' + String(m.className).split(' ')[0] : '') : e.tagName.toLowerCase()} "${t.slice(0, 40)}${t.length > 40 ? '...' : ''}"`;
        };
        for (let i = 0; i < slides.length; i++) {
            R.slide(i, 0);
            await new Promise((r) => requestAnimationFrame(() => r()));
            const s = slides[i], box = s.getBoundingClientRect();
            const scale = box.width / width;             // reveal.js scales the slide to the window
            let worst = null, excess = 2, scroll = false;
            for (const e of s.querySelectorAll('*')) {
                if (e.closest('aside.notes, .katex-mathml')) continue;
                const r = e.getBoundingClientRect();
                if (r.width === 0 || r.height === 0) continue;
                // what shows of it: clipped by every box between it and the slide that hides its
                // overflow (KaTeX draws a root sign as a very wide SVG inside such a box)
                let right = r.right, left = r.left;
                for (let a = e.parentElement; a && a !== s; a = a.parentElement) {
                    if (getComputedStyle(a).overflowX === 'visible') continue;
                    const ar = a.getBoundingClientRect();
                    right = Math.min(right, ar.right), left = Math.max(left, ar.left);
                }
                if (right <= left) continue;
                const over = Math.max(right - box.right, box.left - left) / scale;
                if (over > excess) excess = over, worst = e, scroll = false;
                // a scroll box (a code block): its content wider than the box is hidden
                const ox = getComputedStyle(e).overflowX;
                if (ox !== 'visible' && e.scrollWidth > e.clientWidth + 2 && e.scrollWidth - e.clientWidth > excess)
                    excess = e.scrollWidth - e.clientWidth, worst = e, scroll = true;
            }
            if (worst) out.push(`${name(s, i)}: ${what(worst)} is ${Math.round(excess)} px wider than ${scroll ? 'its box (a scroll bar hides the rest)' : `the ${width} px of a slide (it is cut off)`}`);
            for (const c of s.querySelectorAll('figcaption, p.caption')) {
                const px = parseFloat(getComputedStyle(c).fontSize) * scale;
                if (px < minCaption) out.push(`${name(s, i)}: figure caption "${c.textContent.trim().slice(0, 40)}" is ${px.toFixed(1)} px high on a 1280x720 screen, under the ${minCaption} px a room can read`);
            }
            for (const img of s.querySelectorAll('img')) {
                if (!img.naturalWidth) continue;
                const shown = img.getBoundingClientRect().width / img.naturalWidth;
                if (shown < minScale) out.push(`${name(s, i)}: figure ${img.getAttribute('src')} is shown at ${Math.round(100 * shown)}% of its pixels (under ${Math.round(100 * minScale)}%: the text drawn in it is too small to read)`);
            }
        }
        return out;
    }, { minCaption: MIN_CAPTION_PX, minScale: MIN_FIGURE_SCALE });
    problems.push(...wide);
    if (process.env.WB_SHOTS_ALL) {     // every slide, for a look at the whole deck
        for (let i = 0; i < d.slides; i++) {
            await page.evaluate((k) => window.Reveal.slide(k, 0), i);
            await page.screenshot({ path: path.join(shots, `${path.basename(file, '.html')}-${String(i + 1).padStart(2, '0')}.png`) });
        }
    }
    // also the first slide with displayed maths, and the first with a figure, to look at
    const firsts = await page.evaluate(() => {
        const slides = window.Reveal.getSlides();
        return {
            maths: slides.findIndex((s) => s.querySelector('.katex-display')),
            figure: slides.findIndex((s) => s.querySelector('img')),
        };
    });
    for (const [what, index] of Object.entries(firsts)) {
        if (index < 0) continue;
        await page.evaluate((k) => window.Reveal.slide(k, 0), index);
        await page.screenshot({ path: path.join(shots, `${path.basename(file, '.html')}-${what}.png`) });
    }
    let speakerInfo = '';
    if (!speakerViewChecked) {          // once per run: S opens the speaker view with the notes
        speakerViewChecked = true;
        const withNotes = await page.evaluate(() => window.Reveal.getSlides().findIndex((s) => s.querySelector('aside.notes')));
        if (withNotes >= 0) {
            await page.evaluate((k) => window.Reveal.slide(k, 0), withNotes);
            const expected = await page.evaluate(() => window.Reveal.getCurrentSlide().querySelector('aside.notes').textContent.trim().slice(0, 30));
            const [popup] = await Promise.all([page.waitForEvent('popup', { timeout: 5000 }), page.keyboard.press('s')]);
            popup.on('request', (r) => { if (!LOCAL.test(r.url())) problems.push(`speaker view: request leaves the machine: ${r.url()}`); });
            popup.on('console', (m) => { if (m.type() === 'error') problems.push(`speaker view: console error: ${m.text()}`); });
            try {
                await popup.waitForFunction((t) => (document.querySelector('.speaker-controls-notes')?.textContent || '').includes(t),
                    expected, { timeout: 5000 });
                speakerInfo = '; speaker view (S) shows the notes';
            } catch (e) {
                problems.push(`speaker view (S) does not show the slide's notes ("${expected}...")`);
            }
            await popup.close();
        }
    }
    await page.evaluate(() => window.Reveal.slide(0, 0));
    const shot = path.join(shots, path.basename(file, '.html') + '.png');
    await page.screenshot({ path: shot });
    return `"${d.title}": ${d.slides} slides, ${m.rendered} formulas, ${imgs.length} figures, ${d.notes} speaker notes${speakerInfo}; first slide in ${shot}`;
}

async function checkNotes(page, file, problems) {
    const n = await page.evaluate(() => ({
        h1: document.querySelectorAll('h1').length,
        code: document.querySelectorAll('pre code').length,
    }));
    if (n.h1 === 0) problems.push('no heading');
    if (n.code === 0) problems.push('no code block (the exercise code goes between the prose)');
    const m = await mathsState(page);
    checkMaths(m, problems);
    const imgs = await imagesState(page);
    for (const i of imgs) if (!i.ok) problems.push(`image does not load: ${i.src}`);
    const shot = path.join(shots, 'notes-' + path.basename(file, '.html') + '.png');
    await page.screenshot({ path: shot });
    return `${n.h1} headings, ${n.code} code blocks, ${m.rendered} formulas; top of the page in ${shot}`;
}

async function checkIndex(page, file, problems) {
    const links = await page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => a.href));
    if (links.length === 0) problems.push('no links');
    for (const l of links) {
        if (!l.startsWith('file:')) continue;
        const target = fileURLToPath(l.split('#')[0]);
        if (!existsSync(target)) problems.push(`link to a missing file: ${path.relative(process.cwd(), target)}`);
    }
    return `${links.length} links, all to existing pages`;
}

let browser;
try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
} catch (e) {
    fail(`cannot start ${CHROMIUM}: ${e.message.split('\n')[0]} (install it with: sh harness/tools/setup.sh check)`);
    finish(2);
}
const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, offline: false });
// Block anything that would leave the machine; the 'request' listener above reports it.
await context.route((u) => !LOCAL.test(u.href), (route) => route.abort('blockedbyclient'));
if (pages.length === 0) fail('no pages to check (make slides and make notes write them)');
// Two pages at a time (Chromium renders them in separate processes, one per core); the lines are
// printed in the order of the command line whatever order the pages finish in.
const tasks = [
    ...pages.map((file) => () => (existsSync(file) ? checkPage(context, file) : [[false, `${file}: missing`]])),
    ...bad.map((file) => () => checkBad(context, file)),
];
const results = new Array(tasks.length);
let next = 0;
const JOBS = Number(process.env.WB_BROWSER_JOBS || 2);
await Promise.all(Array.from({ length: JOBS }, async () => {
    while (next < tasks.length) {
        const i = next++, t0 = Date.now();
        results[i] = await tasks[i]();
        if (process.env.WB_TIMING) results[i].push([true, `(${Date.now() - t0} ms)`]);
    }
}));
for (const lines of results) for (const [ok, msg] of lines) (ok ? pass : fail)(msg);
await browser.close();
finish();
