// Open HTML reports in headless Chromium (Debian's /usr/bin/chromium) and check that
// they render: a screenshot that is not blank, every expected <svg> figure present with
// a non-zero size, no drawn element of a figure outside its viewBox (nothing cut off),
// no horizontal overflow of the page or of a box (a table only a sideways scroll shows), no console error, no request beyond the page.
//
//   node check.mjs --out DIR PAGE.html:SVGS [PAGE.html:SVGS ...]
//   node check.mjs --out DIR --self-test
//
// SVGS is the number of <svg> figures the page must hold. --self-test writes pages
// that break each rule and checks that each is caught, and that a good page passes.
// Exit status 0 when every page passes, 1 otherwise.

import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const VIEWPORT = { width: 1280, height: 900 };
// A page whose pixels all but this share have the background colour is blank.
const MIN_INK = 0.001;
// A drawn element may poke out of its viewBox by this much (anti-aliasing, half a stroke).
const SLACK = 1;

/** Pixels of a PNG (8-bit RGB or RGBA, not interlaced): `rgb(i)` is pixel i as 0xRRGGBB. */
export function pngPixels(buf) {
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  const [depth, type, , , interlace] = buf.subarray(24, 29);
  if (depth !== 8 || (type !== 2 && type !== 6) || interlace !== 0) {
    throw new Error(`unsupported PNG: depth ${depth}, colour type ${type}, interlace ${interlace}`);
  }
  const chunks = [];
  for (let at = 8; at < buf.length;) {
    const len = buf.readUInt32BE(at);
    if (buf.toString('latin1', at + 4, at + 8) === 'IDAT') chunks.push(buf.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const bpp = type === 6 ? 4 : 3;
  const stride = width * bpp;
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= bpp ? out[y * stride + x - bpp] : 0;
      const b = y > 0 ? out[(y - 1) * stride + x] : 0;
      const c = x >= bpp && y > 0 ? out[(y - 1) * stride + x - bpp] : 0;
      let p;
      switch (filter) {
        case 0: p = 0; break;
        case 1: p = a; break;
        case 2: p = b; break;
        case 3: p = (a + b) >> 1; break;
        case 4: {
          const e = a + b - c;
          const [pa, pb, pc] = [Math.abs(e - a), Math.abs(e - b), Math.abs(e - c)];
          p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new Error(`bad PNG filter ${filter}`);
      }
      out[y * stride + x] = (v + p) & 255;
    }
  }
  return { width, height, rgb: (i) => (out[i * bpp] << 16) | (out[i * bpp + 1] << 8) | out[i * bpp + 2] };
}

/** Share of pixels that differ from the most common colour. */
export function inkShare(png) {
  const counts = new Map();
  const n = png.width * png.height;
  for (let i = 0; i < n; i++) {
    const key = png.rgb(i);
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  const most = Math.max(...counts.values());
  return (n - most) / n;
}

/** What the page shows the browser: figures, elements outside their viewBox, overflow. */
function inspect(slack) {
  const figures = [...document.querySelectorAll('svg')].filter((s) => !s.parentElement.closest('svg'));
  const report = { figures: [], overflow: document.documentElement.scrollWidth - window.innerWidth, hidden: [] };
  // Content that only a sideways scroll shows (a table too wide for its box).
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1 && !el.closest('svg')) {
      report.hidden.push(`<${el.tagName.toLowerCase()}${el.className ? ` class="${el.className}"` : ''}> shows ${el.clientWidth} of ${el.scrollWidth} px`);
    }
  }
  for (const svg of figures) {
    const box = svg.getBoundingClientRect();
    const vb = svg.viewBox.baseVal && svg.viewBox.baseVal.width > 0
      ? svg.viewBox.baseVal
      : { x: 0, y: 0, width: svg.width.baseVal.value, height: svg.height.baseVal.value };
    const toSvg = svg.getScreenCTM().inverse();
    const outside = [];
    let drawn = 0;
    for (const el of svg.querySelectorAll('text, rect, path, line, polyline, polygon, circle, ellipse')) {
      const b = el.getBBox();
      if (b.width === 0 && b.height === 0) continue;
      drawn++;
      // The element's box in the svg's user space, through every transform between.
      const m = toSvg.multiply(el.getScreenCTM());
      const corners = [[b.x, b.y], [b.x + b.width, b.y], [b.x, b.y + b.height], [b.x + b.width, b.y + b.height]]
        .map(([x, y]) => new DOMPoint(x, y).matrixTransform(m));
      const xs = corners.map((p) => p.x);
      const ys = corners.map((p) => p.y);
      const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      if (x0 < vb.x - slack || y0 < vb.y - slack || x1 > vb.x + vb.width + slack || y1 > vb.y + vb.height + slack) {
        const what = (el.textContent || '').trim().slice(0, 60);
        outside.push(`<${el.tagName}>${what ? ` "${what}"` : ''} spans x ${x0.toFixed(1)}..${x1.toFixed(1)}, y ${y0.toFixed(1)}..${y1.toFixed(1)}; viewBox ${vb.x} ${vb.y} ${vb.width} ${vb.height}`);
      }
    }
    report.figures.push({ width: box.width, height: box.height, drawn, outside });
  }
  return report;
}

/** Open `file`, screenshot it to `shot`, and list what is wrong (empty: it passes). */
async function check(context, file, svgs, shot, fixture = false) {
  const url = pathToFileURL(resolve(file)).href;
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (r.url() !== url) problems.push(`request beyond the page: ${r.url()}`); });
  page.on('requestfailed', (r) => { if (r.url() !== url) problems.push(`failed request: ${r.url()}`); });
  const response = await page.goto(url, { waitUntil: 'load' });
  if (response && !response.ok()) problems.push(`could not load: ${response.status()}`);
  const png = await page.screenshot({ path: shot, fullPage: true });
  const ink = inkShare(pngPixels(png));
  if (ink < MIN_INK) problems.push(`blank page: ${(ink * 100).toFixed(2)} % of the pixels differ from the background`);
  const seen = await page.evaluate(inspect, SLACK);
  if (seen.figures.length !== svgs) problems.push(`expected ${svgs} svg figures, found ${seen.figures.length}`);
  seen.figures.forEach((f, i) => {
    if (!(f.width > 0 && f.height > 0)) problems.push(`svg ${i + 1} has no size: ${f.width} x ${f.height}`);
    if (f.drawn === 0) problems.push(`svg ${i + 1} draws nothing`);
    for (const o of f.outside) problems.push(`svg ${i + 1}: cut off: ${o}`);
  });
  if (seen.overflow > 0) problems.push(`the page is ${seen.overflow} px wider than the window`);
  for (const h of seen.hidden) problems.push(`cut off sideways: ${h}`);
  await page.close();
  const verdict = problems.length ? (fixture ? 'bad ' : 'FAIL') : 'ok  ';
  console.log(`${verdict} ${file}: ${seen.figures.length} svg, ` +
    `${seen.figures.map((f) => f.drawn).join('+') || 0} elements, ${(ink * 100).toFixed(1)} % ink, screenshot ${shot}`);
  for (const p of problems) console.log(`       ${p}`);
  return problems;
}

const PAGE = (body) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/><title>t</title></head><body>${body}</body></html>`;
const SVG = (inner) => `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" viewBox="0 0 300 100">${inner}</svg>`;
const GOOD = `<h1>A page</h1><p>with text</p>${SVG('<rect x="10" y="10" width="100" height="50" fill="#36c"/><text x="10" y="90" font-size="14">fits</text>')}`;

/** Pages that break one rule each, the problem each must raise; and a good page. */
const FIXTURES = [
  ['good', GOOD, 1, null],
  ['cut-off-text', `<h1>x</h1>${SVG('<text x="250" y="50" font-size="20">runs off the edge</text>')}`, 1, 'cut off'],
  ['cut-off-rect', `<h1>x</h1>${SVG('<rect x="-20" y="10" width="50" height="20"/>')}`, 1, 'cut off'],
  ['missing-figure', '<h1>no plot here</h1>', 1, 'expected 1 svg'],
  ['blank', '', 0, 'blank page'],
  ['network', `${GOOD}<img src="http://127.0.0.1:9/x.png" alt=""/>`, 1, 'request beyond the page'],
  ['console-error', `${GOOD}<script>console.error("broken")</script>`, 1, 'console error'],
  ['too-wide', `${GOOD}<div style="width:3000px">wide</div>`, 1, 'wider than the window'],
  ['scrolls-sideways', `${GOOD}<div style="overflow-x:auto"><table><tr><td style="white-space:nowrap">${'wide '.repeat(400)}</td></tr></table></div>`, 1, 'cut off sideways'],
];

async function selfTest(context, dir, out) {
  let failures = 0;
  for (const [name, body, svgs, expected] of FIXTURES) {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, PAGE(body));
    const problems = await check(context, file, svgs, join(out, `self-test-${name}.png`), expected !== null);
    const caught = expected === null ? problems.length === 0 : problems.some((p) => p.includes(expected));
    console.log(`${caught ? 'ok  ' : 'FAIL'} self-test ${name}: ${expected === null ? 'passes' : `caught (${expected})`}`);
    if (!caught) failures++;
  }
  return { checked: FIXTURES.length, failed: failures };
}

async function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  const out = at >= 0 ? args.splice(at, 2)[1] : 'target/browser';
  mkdirSync(out, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'detente-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, chromiumSandbox: false, args: FLAGS, viewport: VIEWPORT,
  });
  let [checked, failures] = [0, 0];
  try {
    for (const arg of args) {
      if (arg === '--self-test') {
        const dir = mkdtempSync(join(tmpdir(), 'detente-pages-'));
        const t = await selfTest(context, dir, out);
        rmSync(dir, { recursive: true, force: true });
        [checked, failures] = [checked + t.checked, failures + t.failed];
        continue;
      }
      const [file, svgs] = arg.split(/:(?=\d+$)/);
      readFileSync(file); // a missing file fails here, by name
      const shot = join(out, `${basename(file).replace(/\.html?$/, '')}.png`);
      checked++;
      failures += (await check(context, file, Number(svgs ?? 1), shot)).length ? 1 : 0;
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  console.log(`${checked - failures} passed, ${failures} failed`);
  process.exit(failures ? 1 : 0);
}

main().catch((e) => { console.error(`browser-check: ${e.message}`); process.exit(2); });
