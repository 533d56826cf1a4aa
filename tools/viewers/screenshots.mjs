// Screenshots of one run in ShiViz and in catapult's trace viewer, as a user would open them,
// for the README. screenshots.sh makes the run, its exports and the catapult page.
//   node screenshots.mjs SHIVIZ_DIR LOG OUT_SHIVIZ.png CATAPULT.html TRACE.json OUT_TRACE.png
// SHIVIZ_DIR: ShiViz's tree (its index.html); LOG: lcstat --shiviz's file; CATAPULT.html: the
// trace as catapult's trace2html wrote it; TRACE.json: the trace itself. Both pictures point at
// the same event: a receive of the slowest machine. Prints one JSON line per viewer with what it
// drew; exits 1 when a viewer reported an error, drew nothing or missed that event.
// CHROMIUM names the browser (default /usr/bin/chromium).
import fs from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const args = process.argv.slice(2);
if (args.length !== 6) {
  console.error('usage: node screenshots.mjs SHIVIZ_DIR LOG OUT_SHIVIZ.png CATAPULT.html TRACE.json OUT_TRACE.png');
  process.exit(2);
}
const [shivizDir, log, shivizPng, catapultHtml, tracePath, tracePng] = args.map(a => path.resolve(a));

// The event both pictures point at: a RECV of the slowest machine (the one with the fewest
// events), the one nearest the middle of the run (much as lcstat --cone auto chooses).
const events = JSON.parse(fs.readFileSync(tracePath, 'utf8')).traceEvents;
const rows = events.filter(e => e.ph === 'X' && ['INTERNAL', 'SEND', 'RECV'].includes(e.name));
const perPid = new Map();
for (const e of rows) perPid.set(e.pid, (perPid.get(e.pid) || 0) + 1);
const slowest = [...perPid].reduce((a, b) => (b[1] < a[1] ? b : a))[0];
const end_ms = Math.max(...rows.map(e => (e.ts + e.dur) / 1000));
const recvs = rows.filter(e => e.name === 'RECV' && e.pid === slowest);
if (recvs.length === 0) {
  console.error(`screenshots.mjs: the slowest machine of ${tracePath} has no RECV`);
  process.exit(2);
}
const chosen = recvs.reduce((a, b) => (Math.abs(b.ts / 1000 - end_ms / 2) < Math.abs(a.ts / 1000 - end_ms / 2) ? b : a));

let failed = false;
function report(viewer, result, bad) {
  if (bad) failed = true;
  console.log(JSON.stringify({viewer, ...result, ok: !bad}));
}
const pause = ms => new Promise(resolve => setTimeout(resolve, ms));

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox'],
});
try {
  // ShiViz: its own page from disk, the log chosen with "Choose File" (#file), as a user does;
  // ShiViz fills the parser and delimiter from the file's first two lines and draws at once.
  // The pointer then rests on the chosen RECV, so the sidebar shows its text and host.
  {
    const page = await browser.newPage();
    await page.setViewport({width: 1100, height: 900});
    await page.goto('file://' + path.join(shivizDir, 'index.html'));
    const input = await page.$('#file');
    await input.uploadFile(log);
    await page.waitForFunction(() => document.querySelector('#vizContainer svg circle') !== null ||
                                     $('.error').is(':visible'), {timeout: 60000});
    await pause(500);  // d3's transitions
    const r = await page.evaluate((host, clock) => {
      const groups = document.querySelectorAll('#vizContainer svg g');
      const hosts = new Set();
      let nodes = 0, target = null;
      for (let i = 0; i < groups.length; i++) {
        const d = groups[i].__data__;
        if (!d || !d.getNode) continue;
        nodes++;
        hosts.add(d.getHost());
        if (d.isCollapsed() || d.getHost() !== host) continue;
        const text = d.getNode().getLogEvents()[0].getText();
        if (text.startsWith('RECV') && text.includes(`; clock ${clock};`)) {
          const b = groups[i].getBoundingClientRect();
          target = {x: b.x + b.width / 2, y: b.y + b.height / 2, text};
        }
      }
      return {
        error: $('.error').is(':visible') ? $('#errorbox').text() : null,
        hosts: [...hosts].sort(),
        nodes,
        target,
      };
    }, `m${chosen.pid - 1}`, chosen.args.clock);
    if (r.target !== null) {
      await page.mouse.move(r.target.x, r.target.y);
      await pause(500);
    }
    await page.screenshot({path: shivizPng, fullPage: true});
    await page.close();
    report('shiviz', {hosts: r.hosts, nodes: r.nodes, pointed_at: r.target && r.target.text, error: r.error,
                      png: shivizPng}, r.error !== null || r.nodes === 0 || r.target === null);
  }

  // catapult: trace2html's page; the arrows of category "message" switched on in its
  // "Flow events" menu (off by default), the whole run in view, the chosen RECV selected so
  // that the panel below shows its args. The floating mouse-mode palette is hidden: it would
  // cover the last seconds of machine 0.
  {
    const page = await browser.newPage();
    await page.setViewport({width: 1600, height: 800});
    await page.goto('file://' + catapultHtml);
    await page.waitForFunction('typeof g_timelineViewEl !== "undefined" && g_timelineViewEl.model !== undefined',
                               {timeout: 300000});
    await page.click('#flow_event_filter_dropdown #button');
    let switched = false;
    for (const label of await page.$$('#flow_event_filter_dropdown label')) {
      if (await label.evaluate(e => e.textContent) === 'message') {
        await label.click();
        switched = true;
      }
    }
    await page.keyboard.press('Escape');
    await pause(1000);  // the track view sets its first viewport after its first draw
    const r = await page.evaluate((end, pid, ts) => {
      const palettes = document.getElementsByTagName('tr-ui-b-mouse-mode-selector');
      for (let i = 0; i < palettes.length; i++) palettes[i].style.display = 'none';
      const view = g_timelineViewEl.trackView;
      const transform = view.viewport.currentDisplayTransform.clone();
      transform.xSetWorldBounds(-0.025 * end, 1.025 * end, view.modelTrackContainer_.canvas.width);
      view.viewport.setDisplayTransformImmediately(transform);
      const m = g_timelineViewEl.model;
      const slice = m.processes[pid].threads[pid].sliceGroup.slices.find(
          s => s.title === 'RECV' && Math.abs(s.start - ts) < 1e-6);
      if (slice !== undefined) {
        g_timelineViewEl.brushingStateController.changeSelectionFromTimeline(new tr.model.EventSet([slice]));
      }
      const warnings = m.importWarnings.length;
      return {processes: Object.keys(m.processes).length, arrows: m.flowEvents.length, warnings,
              selected: slice !== undefined, flows_shown: [...view.viewport.selectedFlowEvents]};
    }, end_ms, chosen.pid, chosen.ts / 1000);
    await pause(500);
    await page.screenshot({path: tracePng});
    await page.close();
    report('catapult', {...r, png: tracePng},
           !switched || !r.flows_shown.includes('message') || !r.selected || r.arrows === 0 || r.warnings > 0);
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
