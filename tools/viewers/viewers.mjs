// Loads lcstat --trace exports into three viewers and prints what each made of them, one JSON
// line per file and viewer; exits 1 when a viewer dropped or reversed an arrow, warned, or did
// not put model time 0 at 0.
//   node viewers.mjs [--catapult FILE.html] TRACE.json
// --catapult: the trace as catapult's trace2html wrote it (check_viewers.sh makes it).
// CHROMIUM names the browser (default /usr/bin/chromium).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import puppeteer from 'puppeteer-core';
import * as Trace from '@paulirish/trace_engine';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
let catapultHtml = null;
if (args[0] === '--catapult') {
  catapultHtml = path.resolve(args[1]);
  args.splice(0, 2);
}
if (args.length !== 1) {
  console.error('usage: node viewers.mjs [--catapult FILE.html] TRACE.json');
  process.exit(2);
}
const tracePath = path.resolve(args[0]);
const text = fs.readFileSync(tracePath, 'utf8');
const events = JSON.parse(text).traceEvents;

// What the file asks for: one arrow per flow start (version 1 "s" or version 2 flow_out).
const expected = events.filter(e => e.ph === 's' || (e.bind_id !== undefined && e.flow_out === true)).length;
let failed = false;
function report(viewer, result, bad) {
  if (bad) failed = true;
  console.log(JSON.stringify({file: path.basename(tracePath), viewer, expected_arrows: expected, ...result, ok: !bad}));
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--allow-file-access-from-files'],
});
try {
  // catapult (chrome://tracing): the model trace2html's page builds; import warnings, flows
  // (each drawn from flowEvent.start to start + duration) and the shift it gave the time axis.
  if (catapultHtml !== null) {
    const page = await browser.newPage();
    await page.goto('file://' + catapultHtml);
    await page.waitForFunction('typeof g_timelineViewEl !== "undefined" && g_timelineViewEl.model !== undefined',
                               {timeout: 300000});
    const r = await page.evaluate(() => {
      const m = g_timelineViewEl.model;
      const warnings = {};
      for (const w of m.importWarnings) warnings[w.type] = (warnings[w.type] || 0) + 1;
      const counters = new Set();
      for (const p of Object.values(m.processes)) {
        for (const c of Object.values(p.counters)) counters.add(c.name);
      }
      return {
        arrows: m.flowEvents.length,
        backward: m.flowEvents.filter(f => f.duration < 0).length,
        warnings,
        time_shift_ms: m.timestampShiftToZeroAmount_ || 0,
        counters: [...counters].sort(),
      };
    });
    await page.close();
    report('catapult', r, r.arrows !== expected || r.backward > 0 || Object.keys(r.warnings).length > 0 ||
                          r.time_shift_ms !== 0);
  }

  // speedscope 1.25: its own page, fed as its command line does (a script that calls
  // speedscope.loadFileFromBase64); the importer's complaints are console warnings.
  {
    const page = await browser.newPage();
    const warnings = [];
    page.on('console', m => {
      if (m.type() === 'warn' || m.type() === 'error') warnings.push(m.text());
    });
    const js = path.join(os.tmpdir(), `viewers-speedscope-${process.pid}.js`);
    fs.writeFileSync(js, `speedscope.loadFileFromBase64(${JSON.stringify(path.basename(tracePath))}, ` +
                             `${JSON.stringify(Buffer.from(text).toString('base64'))})`);
    const index = path.join(here, 'node_modules/speedscope/dist/release/index.html');
    await page.goto(`file://${index}#localProfilePath=${js}`);
    await page.waitForFunction(name => document.title.includes(name), {timeout: 300000}, path.basename(tracePath));
    await page.close();
    fs.unlinkSync(js);
    const nesting = warnings.filter(w => /Tried to end|stack was empty/.test(w));
    const open = warnings.filter(w => /still open at end of profile/.test(w));
    report('speedscope', {nesting_errors: nesting.length, left_open: open.length, first: nesting.slice(0, 1)},
           nesting.length > 0 || open.length > 0);
  }
} finally {
  await browser.close();
}

// The DevTools Performance panel's trace engine: its flows (events bound by cat, pid, tid and
// ts to the flow's "s" and "f"), their order, and the bounds the time axis starts from.
{
  const model = Trace.TraceModel.Model.createWithAllHandlers();
  await model.parse(events);
  const data = model.parsedTrace(0).data;
  const flows = data.Flows.flows;
  const backward = flows.filter(f => f.length >= 2 && f[f.length - 1].ts < f[0].ts).length;
  const r = {arrows: flows.length, backward, time_origin_us: data.Meta.traceBounds.min};
  report('devtools', r, r.arrows !== expected || backward > 0 || r.time_origin_us > 0.001);
}
process.exit(failed ? 1 : 0);
