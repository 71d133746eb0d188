import * as assert from 'assert';
import { assertTerminalSafe, cli, VERSION } from './cliHelper';
import { makeTree } from './treeHelper';

/** A usage error: exit 2, nothing on stdout, exactly one line on stderr. */
async function refused(args: string[], reason?: RegExp) {
  const { code, stdout, stderr } = await cli(...args);
  assert.strictEqual(code, 2, `${JSON.stringify(args)}: ${stderr}`);
  assert.strictEqual(stdout, '', JSON.stringify(args));
  assert.match(stderr, /^stack-guide: [^\n]+\n$/, `one line for ${JSON.stringify(args)}: ${JSON.stringify(stderr)}`);
  if (reason) assert.match(stderr, reason, JSON.stringify(args));
  assertTerminalSafe(stderr, JSON.stringify(args));
  return stderr;
}

describe('stack-guide command line (in process, through runCli)', () => {
  const COMMANDS: [string[], RegExp][] = [
    [['detect'], /^Usage: stack-guide detect /],
    [['check'], /^Usage: stack-guide check /],
    [['validate'], /^Usage: stack-guide validate /],
    [['review'], /^Usage: stack-guide review set /],
    [['review', 'set'], /^Usage: stack-guide review set /],
    [['merge-review'], /^Usage: stack-guide merge-review /],
  ];

  it('--help, -h and help print the program usage on stdout and exit 0', async () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const { code, stdout, stderr } = await cli(...args);
      assert.strictEqual(code, 0, args[0]);
      assert.strictEqual(stderr, '');
      assert.match(stdout, /^Usage: stack-guide <command> \[options\]\n/);
      for (const command of ['detect', 'check', 'validate', 'review set', 'merge-review', '--version'])
        assert.ok(stdout.includes(command), command);
    }
  });

  it('--help and -h on every command print its help and do nothing else, whatever else is on the line', async () => {
    const dir = makeTree({ 'go.mod': '' });
    for (const [command, usage] of COMMANDS) {
      for (const help of ['--help', '-h']) {
        for (const args of [
          [...command, help],
          [...command, dir, help],
          [...command, '--no-such-option', help],
        ]) {
          const { code, stdout, stderr } = await cli(...args);
          assert.strictEqual(code, 0, args.join(' '));
          assert.strictEqual(stderr, '', args.join(' '));
          assert.match(stdout, usage, args.join(' '));
          assert.match(stdout, /-h, --help/);
          assert.doesNotMatch(stdout, /closed|profile\(s\) valid|COMPONENT/, `${args.join(' ')} ran the command`);
        }
      }
    }
    assert.match((await cli('help', 'check')).stdout, /^Usage: stack-guide check /);
    assert.match((await cli('help', 'review', 'set')).stdout, /^Usage: stack-guide review set /);
    await refused(['help', 'frobnicate'], /no help for "frobnicate"/);
  });

  it('check --help lists every format and the options with their defaults', async () => {
    const { stdout } = await cli('check', '--help');
    for (const word of [
      '--min-severity',
      '--format',
      'markdown',
      'json',
      'sarif',
      'github',
      'junit',
      '--output',
      '--review-folder',
      '--review-file',
      '--max-depth',
      'Exit codes',
    ])
      assert.ok(stdout.includes(word), word);
  });

  it('--version prints the version', async () => {
    assert.deepStrictEqual(await cli('--version'), { code: 0, stdout: `${VERSION}\n`, stderr: '' });
    await refused(['--version', 'extra'], /unexpected argument "extra"/);
  });

  it('no command, an unknown command or an option before the command: exit 2 with a one-line reason', async () => {
    await refused([], /a command is needed/);
    await refused(['frobnicate'], /unknown command "frobnicate"/);
    await refused(['--json', 'detect'], /unknown option "--json"; options follow the command/);
  });

  it('unknown options are refused by every command', async () => {
    for (const [command] of COMMANDS) {
      if (command.length === 1 && command[0] === 'review') continue;
      const name = command[0];
      await refused(
        [...command, '--frobnicate'],
        new RegExp(
          `^stack-guide: ${name}: unknown option "--frobnicate" \\(see stack-guide ${name === 'review' ? 'review set' : name} --help\\)\\n$`,
        ),
      );
      await refused([...command, '-x'], /unknown option "-x"/);
    }
    await refused(['check', '.', '--json'], /check: unknown option "--json"/);
    await refused(['detect', '.', '--format', 'json'], /detect: unknown option "--format"/);
  });

  it('stray arguments are refused', async () => {
    const dir = makeTree({ 'go.mod': '' });
    await refused(['detect', dir, 'extra'], /detect: unexpected argument "extra"/);
    await refused(['check', dir, 'extra'], /check: unexpected argument "extra"/);
    await refused(['validate', dir, 'extra'], /validate: unexpected argument "extra"/);
    await refused(['review', 'set', 'go.delivery.timeouts', dir, 'extra', '--state', 'done'], /review: unexpected argument "extra"/);
    await refused(['review', 'frob', 'go.delivery.timeouts', '--state', 'done'], /review: needs "set ITEM"/);
    await refused(['review', 'set'], /review: needs "set ITEM"/);
    await refused(['merge-review', 'a', 'b'], /merge-review: merge-review needs the base, our and their file/);
    await refused(['merge-review', 'a', 'b', 'c', 'd', 'e'], /merge-review: unexpected argument "e"/);
  });

  it('--flag=value and --flag value mean the same', async () => {
    const dir = makeTree({ 'go.mod': '', 'a/b/Cargo.toml': '' });
    const spaced = await cli('detect', dir, '--max-depth', '1');
    assert.deepStrictEqual(await cli('detect', dir, '--max-depth=1'), spaced);
    assert.doesNotMatch(spaced.stdout, /rust/);
    assert.deepStrictEqual(
      await cli('check', dir, '--format=json', '--min-severity=medium'),
      await cli('check', dir, '--format', 'json', '--min-severity', 'medium'),
    );
    assert.strictEqual(JSON.parse((await cli('check', dir, '--format=json', '--min-severity=medium')).stdout).minSeverity, 'medium');
    // A value may hold "=", and one starting with "-" is written with "=".
    const note = await cli('review', 'set', 'go.delivery.timeouts', dir, '--state=done', '--by=a=b', '--note=-1 is fine');
    assert.strictEqual(note.code, 0, note.stderr);
    assert.strictEqual(note.stdout, 'go.delivery.timeouts: done by a=b\n');
    await refused(
      ['review', 'set', 'go.delivery.timeouts', dir, '--state', 'done', '--note', '-1'],
      /--note needs a value \(write --note=-1 for a value that starts with "-"\)/,
    );
    // -- ends the options.
    assert.deepStrictEqual(await cli('detect', '--max-depth', '1', '--', dir), spaced);
  });

  it('numbers are whole decimal numbers in range, nothing else', async () => {
    const dir = makeTree({ 'go.mod': '' });
    for (const bad of [
      '',
      ' ',
      '\t',
      '1e1',
      '0x2',
      '2.0',
      '2.',
      '+1',
      '-1',
      '21',
      '99999999',
      '1 ',
      ' 1',
      'NaN',
      'Infinity',
      '\uff11',
      'deep',
    ]) {
      await refused(['detect', dir, `--max-depth=${bad}`], /--max-depth (needs a value|must be a whole number from 0 to 20)/);
      await refused(['detect', dir, '--max-depth', bad], /--max-depth (needs a value|must be a whole number from 0 to 20)/);
      await refused(['check', dir, `--max-depth=${bad}`], /--max-depth/);
    }
    await refused(['detect', dir, '--max-depth'], /--max-depth needs a value \(see/);
    for (const good of ['0', '3', '20', '007']) assert.strictEqual((await cli('detect', dir, `--max-depth=${good}`)).code, 0, good);
  });

  it('options are given once, and boolean options take no value', async () => {
    const dir = makeTree({ 'go.mod': '' });
    await refused(['check', dir, '--format', 'json', '--format', 'text'], /--format is given twice/);
    await refused(['detect', dir, '--json=yes'], /--json takes no value/);
    await refused(
      ['check', dir, '--format', 'xml'],
      /--format must be text, markdown, json, sarif, github, junit or pr-comment, got "xml"/,
    );
    await refused(['check', dir, '--min-severity='], /--min-severity needs a value/);
    await refused(
      ['review', 'set', 'go.delivery.timeouts', dir],
      /--state must be done, n\/a, open, accepted or needs-action, and is required/,
    );
  });

  it('a hostile argument is shown printable in the error', async () => {
    const stderr = await refused(['detect', '.', '--max-depth', '\u001b[2J\n::error::forged\u202e'], /--max-depth must be a whole number/);
    assert.ok(stderr.includes('"\\u001b[2J\\u000a::error::forged\\u202e"'), stderr);
    await refused(['\n::error::forged'], /unknown command "\\u000a::error::forged"/);
  });
});
