/**
 * The launcher's side of the small protocol the code inside the extension host uses to ask
 * for what only the browser can do: look into a webview's DOM, or take a screenshot. A request
 * is a console line; the answer is a JSON file beside the workspace copy.
 */
import * as fs from 'fs';
import * as path from 'path';
import { HOST_REQUEST, WEBVIEW_ANSWERS, type AxeReport, type FocusStop, type HostRequest } from '../integration/runs';
import type { Page } from './codeServer';

/**
 * How long a webview is looked for. Generous: on a busy machine the workbench, which renders the
 * webviews and relays file events, has been seen to stall for tens of seconds; a test fails on a
 * hang, not on a slow machine.
 */
const WEBVIEW_WAIT_MS = 30_000;

/** Runs in the webview: the focused element, and whether a focus indicator is drawn on it. */
function describeFocus(): FocusStop {
  const element = document.activeElement as HTMLElement | null;
  if (!element || element === document.body) return { tag: 'BODY', type: '', id: '', inToc: false, classes: '', visible: false };
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const ring = style.boxShadow !== 'none' && style.boxShadow !== '';
  return {
    tag: element.tagName,
    type: element.getAttribute('type') ?? '',
    id: element.id,
    inToc: element.closest('.toc') !== null,
    classes: element.className,
    visible: outline || ring,
  };
}

let axeSource: string | undefined;

/**
 * axe-core's WCAG 2.0/2.1 A and AA rules over the frame's document. The script is evaluated
 * through the DevTools protocol, which the page's Content Security Policy does not apply to, and
 * leaves nothing behind but the `axe` global.
 */
async function runAxe(frame: any, control: boolean): Promise<AxeReport> {
  axeSource ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // The control adds an image with no text alternative, which axe must report as critical, and
  // removes it afterwards: proof that an audit with no violation is not an audit that never ran.
  const run = `(() => { ${axeSource}
    const control = ${control ? 'true' : 'false'};
    let image;
    if (control) { image = document.createElement('img'); image.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw='; document.body.append(image); }
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((result) => ({
        violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })),
        passed: result.passes.length,
        background: getComputedStyle(document.body).backgroundColor,
      }))
      .finally(() => image?.remove());
  })()`;
  return (await frame.evaluate(run)) as AxeReport;
}

/** Looks through the workbench's frames for a webview whose document contains `text`. */
export async function findInWebviews(page: Page, text: string, timeoutMs = WEBVIEW_WAIT_MS): Promise<boolean> {
  const found = (await frameShowing(page, text, timeoutMs)) !== undefined;
  if (!found) await describeFrames(page, text);
  return found;
}

/** Prints what each frame showed, so a failure in CI says whether the webview was there at all. */
async function describeFrames(page: Page, text: string): Promise<void> {
  const lines = [`[host] no frame shows ${JSON.stringify(text)}; ${page.frames().length} frame(s):`];
  for (const frame of page.frames()) {
    const url = String(frame.url()).slice(0, 120);
    const shown = await Promise.race([
      frame.evaluate(() => (document.body?.innerText ?? '').slice(0, 80)).then((t: string) => JSON.stringify(t)),
      new Promise<string>((resolve) => setTimeout(() => resolve('(no answer in 2 s)'), 2000)),
    ]).catch((error: unknown) => `(${String(error).slice(0, 80)})`);
    lines.push(`[host]   ${url} → ${shown}`);
  }
  console.log(lines.join('\n'));
}

async function frameShowing(page: Page, text: string, timeoutMs = WEBVIEW_WAIT_MS): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      try {
        if (await frame.evaluate((needle: string) => document.body?.innerText.includes(needle) ?? false, text)) return frame;
      } catch {
        // frame navigated or detached meanwhile
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return undefined;
}

/**
 * Runs `action` on the frame of the webview that shows `text`. A page that re-renders replaces
 * its frame, so a detached frame is looked up again. Resolves with an error text, or undefined.
 */
async function withWebviewFrame(page: Page, text: string, action: (frame: any) => Promise<unknown>): Promise<string | undefined> {
  const deadline = Date.now() + WEBVIEW_WAIT_MS;
  let lastError = `no webview shows "${text}"`;
  while (Date.now() < deadline) {
    const frame = await frameShowing(page, text, Math.max(0, deadline - Date.now()));
    if (!frame) break;
    try {
      await action(frame);
      return undefined;
    } catch (error) {
      lastError = String(error);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return lastError;
}

/**
 * Writes an answer atomically: the JSON goes to a temporary name in the same folder (which the
 * reader never looks at), then one rename gives it its final name, so the reader, which polls for
 * that name, sees the whole file or none of it, however loaded the machine is.
 */
export function writeAnswer(dir: string, id: string, value: unknown): void {
  fs.mkdirSync(dir, { recursive: true });
  const final = path.join(dir, `${id}.json`);
  const temp = path.join(dir, `.${id}.${process.pid}.${Date.now().toString(36)}.tmp`);
  fs.writeFileSync(temp, JSON.stringify(value));
  fs.renameSync(temp, final);
}

/** Handles requests from the host; returns false when the console line was not one. */
export function handleHostRequest(page: Page, text: string, workspace: string, screenshotsDir?: string): Promise<void> | undefined {
  const at = text.indexOf(HOST_REQUEST);
  if (at < 0) return undefined;
  const request = JSON.parse(text.slice(at + HOST_REQUEST.length).trim()) as HostRequest;
  const answer = async (value: unknown) => writeAnswer(path.join(path.dirname(workspace), WEBVIEW_ANSWERS), request.id, value);
  if (request.kind === 'webviewText') {
    return findInWebviews(page, request.text).then((found) => answer({ found }));
  }
  if (request.kind === 'clickInWebview') {
    return withWebviewFrame(page, request.text, (frame) => frame.click(request.selector, { timeout: 5000 })).then((error) =>
      answer(error === undefined ? { clicked: true } : { clicked: false, reason: error }),
    );
  }
  if (request.kind === 'selectInWebview') {
    return withWebviewFrame(page, request.text, (frame) => frame.selectOption(request.selector, request.value, { timeout: 5000 })).then(
      (error) => answer(error === undefined ? { ok: true } : { ok: false, reason: error }),
    );
  }
  if (request.kind === 'countInWebview') {
    let count = 0;
    return withWebviewFrame(page, request.text, async (frame) => {
      count = await frame.locator(request.selector).count();
    }).then((error) => answer(error === undefined ? { ok: true, count } : { ok: false, reason: error }));
  }
  if (request.kind === 'pageWidth') {
    let width = { clientWidth: 0, scrollWidth: 0 };
    return withWebviewFrame(page, request.text, async (frame) => {
      width = await frame.evaluate(() => ({
        clientWidth: document.documentElement.clientWidth,
        scrollWidth: document.documentElement.scrollWidth,
      }));
    }).then((error) => answer(error === undefined ? { ok: true, ...width } : { ok: false, reason: error }));
  }
  if (request.kind === 'keys') {
    return (async () => {
      if (request.type) await page.keyboard.type(request.type, { delay: 20 });
      for (const key of request.press ?? []) await page.keyboard.press(key);
      return answer({ ok: true });
    })();
  }
  if (request.kind === 'tabOrder') {
    const stops: FocusStop[] = [];
    return withWebviewFrame(page, request.text, async (frame) => {
      stops.length = 0;
      await frame.focus(request.selector, { timeout: 5000 });
      for (let i = 0; i < request.presses; i++) {
        await page.keyboard.press('Tab');
        stops.push(await frame.evaluate(describeFocus));
      }
    }).then((error) => answer(error === undefined ? { ok: true, stops } : { ok: false, reason: error }));
  }
  if (request.kind === 'axe') {
    let report: AxeReport | undefined;
    return withWebviewFrame(page, request.text, async (frame) => {
      report = await runAxe(frame, request.control === true);
    }).then((error) => answer(error === undefined ? { ok: true, ...report } : { ok: false, reason: error }));
  }
  if (request.kind === 'globalSet') {
    return (async () => {
      let set = false;
      for (const frame of page.frames()) {
        try {
          set ||= await frame.evaluate(
            (name: string) => (window as unknown as Record<string, unknown>)[name] !== undefined,
            request.global,
          );
        } catch {
          // detached frame
        }
      }
      return answer({ set, frames: page.frames().length });
    })();
  }
  return (async () => {
    if (!screenshotsDir) return answer({ saved: false, reason: 'this launcher takes no screenshots' });
    fs.mkdirSync(screenshotsDir, { recursive: true });
    const file = path.join(screenshotsDir, `${request.name}.png`);
    await new Promise((resolve) => setTimeout(resolve, 800)); // let the workbench finish painting
    await page.screenshot({ path: file });
    console.log(`[screenshots] ${path.relative(process.cwd(), file)}`);
    return answer({ saved: true, file });
  })();
}
