import type { Severity } from '../profiles/model';
import { itemLabel, itemTitle, type ChecklistItem } from '../review/checklist';
import { failingState, type CheckReport, type FileLocation } from './model';
import { hasUnprintable, markdownText, printable, safeJson } from './text';

/**
 * `check --format sarif`: SARIF 2.1.0 for code scanning (GitHub's upload-sarif, Azure DevOps, …).
 * Each failing item (open or stale, at or above --min-severity) is a result whose rule id is the
 * item id, located at its review unit's manifest. Every string from a repository or a profile is
 * made printable (ids are stable under that: it is a fixed mapping); paths and links are
 * percent-encoded URIs.
 */

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { high: 'error', medium: 'warning', low: 'note' };
/** GitHub's code-scanning severity for results that are not security alerts. */
const PROBLEM_SEVERITY: Record<Severity, 'error' | 'warning' | 'recommendation'> = {
  high: 'error',
  medium: 'warning',
  low: 'recommendation',
};

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * An absolute https link from a profile as a strict RFC 3986 URI (what SARIF's `format: uri`
 * means): WHATWG-normalised, then every character a URI cannot hold percent-encoded. Undefined
 * when it is not an https link, or holds control or bidi characters.
 */
export function httpsLink(link: string): string | undefined {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || !url.host) return undefined;
  // A link that holds control or bidi characters, raw or percent-encoded, is no link to follow.
  let decoded = link;
  try {
    decoded = decodeURIComponent(url.href);
  } catch {
    return undefined;
  }
  if (hasUnprintable(link) || hasUnprintable(decoded)) return undefined;
  const strict = (part: string) =>
    part.replace(/%(?![0-9A-Fa-f]{2})/g, '%25').replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/g, (c) => encodeURIComponent(c));
  return `https://${url.host}${strict(url.pathname)}${strict(url.search)}${url.hash ? `#${strict(url.hash.slice(1))}` : ''}`;
}

/** A relative path as a URI reference (each segment percent-encoded), or a file: URI. */
export function artifactUri(location: FileLocation): { uri: string; uriBaseId?: string } {
  if (!location.relative) return { uri: location.fileUri ?? `file://${location.path.split('/').map(encodeURIComponent).join('/')}` };
  return { uri: location.path.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

function rule(item: ChecklistItem, ecosystemName: string) {
  const links = (item.links ?? []).map(httpsLink).filter((link): link is string => link !== undefined);
  const text = printable(item.text);
  const why = item.why ? printable(item.why) : undefined;
  const helpText = [why ?? text, ...links.map((link) => `See ${link}`)].join('\n');
  const helpMarkdown = [markdownText(why ?? text), ...links.map((link) => `- <${link}>`)].join('\n\n');
  return {
    id: printable(item.id),
    name: ruleName(item.id),
    // The title: code scanning lists alerts by it; the result's message has the whole text.
    shortDescription: { text: printable(itemTitle(item)) },
    fullDescription: { text: why ?? text },
    help: { text: helpText, markdown: helpMarkdown },
    ...(links.length > 0 ? { helpUri: links[0] } : {}),
    defaultConfiguration: { level: LEVEL[item.severity] },
    properties: {
      tags: ['stack-guide', printable(item.ecosystem), item.group],
      'problem.severity': PROBLEM_SEVERITY[item.severity],
      ecosystem: printable(ecosystemName),
      group: item.group,
      severity: item.severity,
    },
  };
}

/** "go.delivery.timeouts" → "GoDeliveryTimeouts": SARIF's rule name is an identifier. */
function ruleName(id: string): string {
  const name = id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
  return /^[A-Za-z]/.test(name) ? name : `Item${name}`;
}

export function sarifLog(report: CheckReport) {
  const rules: ReturnType<typeof rule>[] = [];
  const ruleIndex = new Map<string, number>();
  const results = report.failing.map((item) => {
    const unit = report.unitOf(item);
    if (!ruleIndex.has(item.id)) {
      ruleIndex.set(item.id, rules.length);
      rules.push(rule(item, unit.ecosystemName));
    }
    const location = report.location(unit);
    // A code probe's findings are where the item is decided: code scanning shows them at the line.
    const findings = item.evidence?.status === 'present' ? (item.evidence.findings ?? []) : [];
    const where = `${printable(unit.ecosystemName)} review of ${unit.path === '.' ? 'the repository root' : printable(unit.path)}${item.member ? `, member ${printable(item.member)}` : ''}`;
    return {
      ruleId: printable(item.id),
      ruleIndex: ruleIndex.get(item.id)!,
      kind: 'fail',
      level: LEVEL[item.severity],
      message: { text: `${printable(item.text)} (${item.severity}, ${failingState(item)}; ${where}).` },
      ...(findings.length > 0
        ? {
            locations: findings.map((finding) => ({
              physicalLocation: {
                artifactLocation: artifactUri(report.file(finding.path)),
                region: { startLine: finding.line },
              },
              message: { text: printable(finding.text) },
            })),
          }
        : location
          ? {
              locations: [
                {
                  physicalLocation: { artifactLocation: artifactUri(location), region: { startLine: location.line } },
                  message: { text: `The manifest of the ${where}.` },
                },
              ],
            }
          : {}),
      // Stable across runs and line moves: the decision this result asks for.
      partialFingerprints: { 'stackGuideItem/v1': printable(itemLabel(item)) },
      properties: {
        unit: printable(unit.path),
        ...(item.member ? { member: printable(item.member) } : {}),
        state: item.state,
        severity: item.severity,
        ecosystem: printable(unit.ecosystem),
      },
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            ...(report.tool.version ? { version: report.tool.version, semanticVersion: report.tool.version } : {}),
            informationUri: report.tool.informationUri,
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
        properties: {
          minSeverity: report.minSeverity,
          units: report.units.length,
          failing: report.failing.length,
          notApplicable: report.notApplicable.map((item) => ({
            item: printable(itemLabel(item)),
            reason: printable(item.applicability?.reason ?? ''),
          })),
          appliesAnyway: report.appliesAnyway.map((item) => ({
            item: printable(itemLabel(item)),
            reason: printable(item.applicability?.reason ?? ''),
          })),
        },
      },
    ],
  };
}

export function sarifReport(report: CheckReport): string {
  return safeJson(sarifLog(report));
}
