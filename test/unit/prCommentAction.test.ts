import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { main, upsertComment } from '../../src/node/prComment';
import { PR_COMMENT_MARKER } from '../../src/core/change/prComment';

interface Recorded {
  method: string;
  url: string;
  authorization?: string;
  body?: string;
}

/**
 * A stand-in for the three GitHub REST endpoints the Action uses (list an issue's comments, create
 * one, update one), on 127.0.0.1, recording every request. The list is paginated by 100 with a
 * Link header, as GitHub does.
 */
async function fakeGitHub(initial: { id: number; body: string; user: string }[] = []) {
  const comments = initial.map((comment) => ({ id: comment.id, body: comment.body, user: { login: comment.user } }));
  const requests: Recorded[] = [];
  let nextId = 1000;
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      requests.push({
        method: request.method!,
        url: request.url!,
        authorization: request.headers.authorization,
        ...(body ? { body } : {}),
      });
      const url = new URL(request.url!, 'http://127.0.0.1');
      const send = (status: number, value: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(value));
      };
      const list = /^\/repos\/octo\/demo\/issues\/7\/comments$/.exec(url.pathname);
      const update = /^\/repos\/octo\/demo\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (list && request.method === 'GET') {
        const perPage = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        const slice = comments.slice((page - 1) * perPage, page * perPage);
        const { port } = server.address() as AddressInfo;
        const more = page * perPage < comments.length;
        return send(
          200,
          slice,
          more
            ? { link: `<http://127.0.0.1:${port}/repos/octo/demo/issues/7/comments?per_page=${perPage}&page=${page + 1}>; rel="next"` }
            : {},
        );
      }
      if (list && request.method === 'POST') {
        const comment = {
          id: nextId++,
          body: (JSON.parse(body) as { body: string }).body,
          user: { login: 'github-actions[bot]' },
          html_url: 'http://example/c',
        };
        comments.push(comment);
        return send(201, comment);
      }
      if (update && request.method === 'PATCH') {
        const comment = comments.find((candidate) => candidate.id === Number(update[1]));
        if (!comment) return send(404, { message: 'Not Found' });
        comment.body = (JSON.parse(body) as { body: string }).body;
        return send(200, comment);
      }
      send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    api: `http://127.0.0.1:${port}`,
    requests,
    comments,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("the Action's sticky pull-request comment (against a local server)", () => {
  it('creates the comment once, updates it on the second run, and never makes two', async () => {
    // 150 comments by people first: the bot's own is found across pages.
    const people = Array.from({ length: 150 }, (_, i) => ({
      id: i + 1,
      body: i === 3 ? `${PR_COMMENT_MARKER}\nforged by a person` : `comment ${i}`,
      user: 'someone',
    }));
    const github = await fakeGitHub(people);
    try {
      const options = { api: github.api, token: 'test-token', repository: 'octo/demo', issue: 7 };
      const first = await upsertComment({ ...options, body: `${PR_COMMENT_MARKER}\nfirst` });
      assert.strictEqual(first.action, 'created');
      assert.deepStrictEqual(
        github.requests.map((request) => `${request.method} ${request.url}`),
        [
          'GET /repos/octo/demo/issues/7/comments?per_page=100',
          'GET /repos/octo/demo/issues/7/comments?per_page=100&page=2',
          'POST /repos/octo/demo/issues/7/comments',
        ],
      );
      assert.ok(github.requests.every((request) => request.authorization === 'Bearer test-token'));

      github.requests.length = 0;
      const second = await upsertComment({ ...options, body: `${PR_COMMENT_MARKER}\nsecond` });
      assert.deepStrictEqual(second, { action: 'updated', id: first.id, url: 'http://example/c' });
      assert.deepStrictEqual(
        github.requests.map((request) => `${request.method} ${request.url}`),
        [
          'GET /repos/octo/demo/issues/7/comments?per_page=100',
          'GET /repos/octo/demo/issues/7/comments?per_page=100&page=2',
          `PATCH /repos/octo/demo/issues/comments/${first.id}`,
        ],
      );
      assert.deepStrictEqual(JSON.parse(github.requests[2].body!), { body: `${PR_COMMENT_MARKER}\nsecond` });

      github.requests.length = 0;
      const third = await upsertComment({ ...options, body: `${PR_COMMENT_MARKER}\nsecond` });
      assert.strictEqual(third.action, 'unchanged');
      assert.ok(github.requests.every((request) => request.method === 'GET'));

      const ours = github.comments.filter(
        (comment) => comment.body.startsWith(PR_COMMENT_MARKER) && comment.user.login === 'github-actions[bot]',
      );
      assert.strictEqual(ours.length, 1, 'never two comments');
      assert.strictEqual(
        github.comments.find((comment) => comment.id === 4)!.body,
        `${PR_COMMENT_MARKER}\nforged by a person`,
        "a person's comment with the marker is left alone",
      );
    } finally {
      await github.close();
    }
  });

  it('runs as the Action runs it: a body file, the environment, the event payload', async () => {
    const github = await fakeGitHub();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-guide-action-'));
    try {
      fs.writeFileSync(path.join(dir, 'body.md'), `${PR_COMMENT_MARKER}\nhello`);
      fs.writeFileSync(path.join(dir, 'event.json'), JSON.stringify({ pull_request: { number: 7 } }));
      const env = {
        GITHUB_TOKEN: 't',
        GITHUB_REPOSITORY: 'octo/demo',
        GITHUB_API_URL: github.api,
        GITHUB_EVENT_PATH: path.join(dir, 'event.json'),
      };
      const lines: string[] = [];
      assert.strictEqual(await main([path.join(dir, 'body.md')], env, (line) => lines.push(line)), 0, lines.join('\n'));
      assert.strictEqual(await main([path.join(dir, 'body.md')], { ...env }, (line) => lines.push(line)), 0, lines.join('\n'));
      assert.match(lines[0], /^pr-comment: created comment 1000/);
      assert.match(lines[1], /^pr-comment: unchanged comment 1000/);
      assert.strictEqual(github.comments.length, 1);
      assert.strictEqual(await main([path.join(dir, 'body.md')], { ...env, GITHUB_TOKEN: '' }, (line) => lines.push(line)), 2);
      assert.strictEqual(
        await main([path.join(dir, 'body.md')], { ...env, GITHUB_REPOSITORY: 'octo/missing' }, (line) => lines.push(line)),
        1,
      );
      assert.match(lines[lines.length - 1], /HTTP 404/);
    } finally {
      await github.close();
    }
  });

  it('never sends the token to another origin, and refuses a body without the marker or past the limit', async () => {
    const calls: string[] = [];
    const fakeFetch = (async (url: URL) => {
      calls.push(url.href);
      return new Response('[]', { status: 200, headers: { link: '<https://evil.example/steal?page=2>; rel="next"' } });
    }) as unknown as typeof fetch;
    await assert.rejects(
      upsertComment({
        api: 'https://api.github.com',
        token: 't',
        repository: 'o/r',
        issue: 1,
        body: `${PR_COMMENT_MARKER}\nx`,
        fetch: fakeFetch,
      }),
      /refusing to send the token to https:\/\/evil\.example/,
    );
    assert.deepStrictEqual(calls, ['https://api.github.com/repos/o/r/issues/1/comments?per_page=100']);
    await assert.rejects(
      upsertComment({ api: 'https://api.github.com', token: 't', repository: 'o/r', issue: 1, body: 'no marker', fetch: fakeFetch }),
      /does not start with the marker/,
    );
    await assert.rejects(
      upsertComment({
        api: 'https://api.github.com',
        token: 't',
        repository: 'o/r',
        issue: 1,
        body: `${PR_COMMENT_MARKER}${'x'.repeat(70_000)}`,
        fetch: fakeFetch,
      }),
      /at most 65536/,
    );
    await assert.rejects(
      upsertComment({
        api: 'https://api.github.com',
        token: 't',
        repository: '../x',
        issue: 1,
        body: `${PR_COMMENT_MARKER}`,
        fetch: fakeFetch,
      }),
      /owner\/name/,
    );
  });
});

describe('action.yml', () => {
  const action = (require('yaml') as typeof import('yaml')).parse(fs.readFileSync(path.join(__dirname, '../../../action.yml'), 'utf8')) as {
    runs: { using: string; steps: { run?: string; uses?: string; with?: Record<string, string> }[] };
    inputs: Record<string, { description: string; default?: string }>;
    outputs: Record<string, { value: string }>;
  };

  it('is a composite action whose shell steps take inputs from the environment, never interpolated', () => {
    assert.strictEqual(action.runs.using, 'composite');
    for (const step of action.runs.steps)
      if (step.run) assert.ok(!/\$\{\{/.test(step.run), `an expression inside run: ${step.run.slice(0, 80)}`);
    assert.ok(action.runs.steps.some((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@')));
    for (const name of ['base-ref', 'min-severity', 'comment', 'sarif', 'token', 'fail']) assert.ok(action.inputs[name]?.description, name);
    for (const name of ['exit-code', 'failing', 'touched-units', 'comment-file', 'sarif-file'])
      assert.ok(action.outputs[name]?.value, name);
  });

  it('runs the files the build makes', () => {
    const build = fs.readFileSync(path.join(__dirname, '../../../esbuild.js'), 'utf8');
    const scripts = action.runs.steps.map((step) => step.run ?? '').join('\n');
    for (const file of ['dist/pr-comment.js']) {
      assert.ok(build.includes(`outfile: '${file}'`), file);
      assert.ok(scripts.includes(file), file);
    }
    assert.ok(fs.existsSync(path.join(__dirname, '../../../dist/pr-comment.js')));
  });
});
