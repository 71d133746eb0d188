import { promises as fsp } from 'fs';
import { GITHUB_COMMENT_LIMIT, PR_COMMENT_MARKER } from '../core/change/prComment';

/**
 * The GitHub Action's sticky comment (built to dist/pr-comment.js): finds the comment on the pull
 * request that starts with the marker and was written by the workflow's bot, and updates it, or
 * creates it. Three REST endpoints: list the issue's comments (paginated), create, update.
 *
 *   node dist/pr-comment.js BODY_FILE
 *   env: GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name), PR_NUMBER (or GITHUB_EVENT_PATH with a
 *        pull_request), GITHUB_API_URL (default https://api.github.com), COMMENT_AUTHOR
 *        (default github-actions[bot])
 */

export interface UpsertOptions {
  api: string;
  token: string;
  repository: string;
  issue: number;
  body: string;
  /** Only a comment by this login is updated: anyone can paste the marker into a comment of their own. */
  author?: string;
  marker?: string;
  fetch?: typeof fetch;
}

export interface UpsertResult {
  action: 'created' | 'updated' | 'unchanged';
  id: number;
  url?: string;
}

/** Pages of 100 comments read at most: 10,000 comments. */
const MAX_PAGES = 100;

interface IssueComment {
  id: number;
  body?: string;
  html_url?: string;
  user?: { login?: string } | null;
}

export async function upsertComment(options: UpsertOptions): Promise<UpsertResult> {
  const fetchFn = options.fetch ?? fetch;
  const marker = options.marker ?? PR_COMMENT_MARKER;
  const author = options.author ?? 'github-actions[bot]';
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(options.repository) || options.repository.split('/').some((part) => /^\.+$/.test(part)))
    throw new Error(`GITHUB_REPOSITORY must be owner/name, got ${JSON.stringify(options.repository)}`);
  if (!Number.isInteger(options.issue) || options.issue <= 0)
    throw new Error(`the pull request number must be a positive whole number, got ${options.issue}`);
  if (!options.body.startsWith(marker)) throw new Error('the comment body does not start with the marker; it would never be found again');
  if (options.body.length > GITHUB_COMMENT_LIMIT)
    throw new Error(`the comment body has ${options.body.length} characters; GitHub takes at most ${GITHUB_COMMENT_LIMIT}`);
  const api = new URL(options.api.endsWith('/') ? options.api : `${options.api}/`);
  const headers = {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${options.token}`,
    'x-github-api-version': '2022-11-28',
    'user-agent': 'stack-guide-action',
  };
  const request = async (method: string, url: URL, body?: unknown): Promise<Response> => {
    // The token goes to the API's own origin only, whatever a Link header says.
    if (url.origin !== api.origin) throw new Error(`refusing to send the token to ${url.origin} (the API is ${api.origin})`);
    const response = await fetchFn(url, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${url.pathname}: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
    return response;
  };
  const base = `repos/${options.repository}/issues`;
  let next: URL | undefined = new URL(`${base}/${options.issue}/comments?per_page=100`, api);
  let found: IssueComment | undefined;
  for (let page = 0; next && page < MAX_PAGES && !found; page++) {
    const response = await request('GET', next);
    const comments = (await response.json()) as IssueComment[];
    if (!Array.isArray(comments)) throw new Error(`GET ${next.pathname}: expected a list of comments`);
    found = comments.find(
      (comment) => typeof comment.body === 'string' && comment.body.startsWith(marker) && comment.user?.login === author,
    );
    const link = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '');
    next = link ? new URL(link[1]) : undefined;
  }
  if (found) {
    if (found.body === options.body) return { action: 'unchanged', id: found.id, url: found.html_url };
    const updated = (await (
      await request('PATCH', new URL(`${base}/comments/${found.id}`, api), { body: options.body })
    ).json()) as IssueComment;
    return { action: 'updated', id: updated.id ?? found.id, url: updated.html_url };
  }
  const created = (await (
    await request('POST', new URL(`${base}/${options.issue}/comments`, api), { body: options.body })
  ).json()) as IssueComment;
  return { action: 'created', id: created.id, url: created.html_url };
}

/** The pull request's number: PR_NUMBER, else the event payload's pull_request.number. */
async function pullRequestNumber(env: NodeJS.ProcessEnv): Promise<number> {
  if (env.PR_NUMBER) return Number(env.PR_NUMBER);
  if (!env.GITHUB_EVENT_PATH) throw new Error('no PR_NUMBER and no GITHUB_EVENT_PATH: run on a pull_request event, or set PR_NUMBER');
  const event = JSON.parse(await fsp.readFile(env.GITHUB_EVENT_PATH, 'utf8')) as { pull_request?: { number?: number }; number?: number };
  const number = event.pull_request?.number ?? event.number;
  if (number === undefined) throw new Error('the event has no pull request: run the comment step on pull_request or pull_request_target');
  return number;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<number> {
  const [bodyFile] = argv;
  if (!bodyFile) {
    out('usage: pr-comment BODY_FILE (env GITHUB_TOKEN, GITHUB_REPOSITORY, PR_NUMBER or GITHUB_EVENT_PATH, GITHUB_API_URL)');
    return 2;
  }
  if (!env.GITHUB_TOKEN) {
    out('pr-comment: GITHUB_TOKEN is not set');
    return 2;
  }
  try {
    const result = await upsertComment({
      api: env.GITHUB_API_URL || 'https://api.github.com',
      token: env.GITHUB_TOKEN,
      repository: env.GITHUB_REPOSITORY ?? '',
      issue: await pullRequestNumber(env),
      body: await fsp.readFile(bodyFile, 'utf8'),
      author: env.COMMENT_AUTHOR || undefined,
    });
    out(`pr-comment: ${result.action} comment ${result.id}${result.url ? ` (${result.url})` : ''}`);
    return 0;
  } catch (error) {
    out(`pr-comment: ${(error as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), process.env, (line) => console.log(line)).then((code) => {
    process.exitCode = code;
  });
}
