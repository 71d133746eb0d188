/**
 * Synthetic source trees for the code-probe bench, one per grammar a built-in page parses: a
 * manifest that detection reads as the ecosystem, and source files of ordinary code (six small
 * functions, about 60 lines) of which one in fifty holds a line the page's probes report. The
 * shapes follow the fixtures in test/unit/code/cases.*.ts; the point is parse and query cost, not
 * what is found.
 */

export interface SyntheticUnit {
  /** The page (profile id) whose code probes run. */
  ecosystem: string;
  /** The grammar its files are parsed with. */
  grammar: string;
  /** Files that make the folder this ecosystem (path → text). */
  manifest: Record<string, string>;
  path(index: number): string;
  source(index: number, risky: boolean): string;
}

const six = (body: (n: number) => string) => Array.from({ length: 6 }, (_, n) => body(n)).join('\n');

export const SYNTHETIC_UNITS: SyntheticUnit[] = [
  {
    ecosystem: 'go',
    grammar: 'go',
    manifest: { 'go.mod': 'module example.com/big\n\ngo 1.26\n' },
    path: (i) => `internal/pkg${i % 40}/file${i}.go`,
    source: (i, risky) => `package pkg${i % 40}

import (
\t"context"
\t"fmt"
\t"net/http"
\t"time"
)

${six(
  (n) => `func handler${n}(w http.ResponseWriter, r *http.Request) {
\tctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
\tdefer cancel()
\trow := db.QueryRowContext(ctx, "select name from items where id = $1", r.URL.Query().Get("id"))
\tvar name string
\tif err := row.Scan(&name); err != nil {
\t\thttp.Error(w, err.Error(), http.StatusInternalServerError)
\t\treturn
\t}
\tfmt.Fprintf(w, "%s %d", name, ${i})
}
`,
)}${risky ? '\nfunc fetch(url string) (*http.Response, error) { return http.Get(url) }\n' : ''}`,
  },
  {
    ecosystem: 'rust',
    grammar: 'rust',
    manifest: { 'Cargo.toml': '[package]\nname = "big"\nversion = "0.1.0"\nedition = "2021"\n' },
    path: (i) => `src/m${i % 40}/f${i}.rs`,
    source: (i, risky) => `use std::collections::HashMap;

${six(
  (n) => `pub fn handler${n}(input: &str, table: &HashMap<String, String>) -> Result<String, Error> {
    let parts: Vec<&str> = input.split(',').map(|s| s.trim()).collect();
    let mut out = String::with_capacity(parts.len() * 8);
    for part in &parts {
        if part.is_empty() {
            continue;
        }
        out.push_str(&format!("{}-{}", part, ${i}));
    }
    table.get(&out).cloned().ok_or(Error::Missing)
}
`,
)}${risky ? '\npub fn first(p: *const u8) -> u8 {\n    unsafe { *p }\n}\n' : ''}
#[cfg(test)]
mod tests {
    #[test]
    fn splits() {
        assert_eq!(super::handler0("", &Default::default()).is_err(), true);
    }
}
`,
  },
  {
    ecosystem: 'python',
    grammar: 'python',
    manifest: { 'pyproject.toml': '[project]\nname = "big"\nversion = "0.1.0"\ndependencies = ["requests"]\n' },
    path: (i) => `big/m${i % 40}/f${i}.py`,
    source: (i, risky) => `import requests


${six(
  (n) => `def handler${n}(request, db):
    ident = request.args.get("id", "")
    rows = db.execute("select name from items where id = ?", (ident,)).fetchall()
    names = [row[0] for row in rows if row]
    if not names:
        return {"error": "not found"}, 404
    total = sum(len(name) for name in names)
    return {"names": names, "total": total, "n": ${i}}, 200

`,
)}${risky ? '\ndef fetch(url):\n    r = requests.get(url)\n    return r.json()\n' : ''}`,
  },
  {
    ecosystem: 'javascript',
    grammar: 'javascript',
    manifest: { 'package.json': '{ "name": "big", "version": "1.0.0", "dependencies": { "express": "^4.21.0" } }\n' },
    path: (i) => `src/m${i % 40}/f${i}.js`,
    source: (i, risky) => `import { exec } from 'node:child_process';

${six(
  (n) => `export function handler${n}(req, res, db) {
  const id = String(req.query.id ?? '');
  const rows = db.prepare('select name from items where id = ?').all(id);
  const names = rows.map((row) => row.name).filter(Boolean);
  if (names.length === 0) {
    res.status(404).json({ error: 'not found' });
    return;
  }
  res.json({ names, total: names.reduce((sum, name) => sum + name.length, 0), n: ${i} });
}
`,
)}${risky ? '\nexport function log(branch, cb) {\n  exec(`git log ${branch}`, cb);\n}\n' : ''}`,
  },
  {
    ecosystem: 'typescript',
    grammar: 'typescript',
    manifest: {
      'package.json': '{ "name": "big", "version": "1.0.0", "devDependencies": { "typescript": "^5.9.0" } }\n',
      'tsconfig.json': '{ "compilerOptions": { "strict": true } }\n',
    },
    path: (i) => `src/m${i % 40}/f${i}.ts`,
    source: (i, risky) => `import type { Request, Response } from 'express';

${six(
  (n) => `export function handler${n}(req: Request, res: Response, db: Database): void {
  const id = String(req.query.id ?? '');
  const rows: { name: string }[] = db.prepare('select name from items where id = ?').all(id);
  const names = rows.map((row) => row.name).filter((name): name is string => name.length > 0);
  if (names.length === 0) {
    res.status(404).json({ error: 'not found' });
    return;
  }
  res.json({ names, total: names.reduce((sum, name) => sum + name.length, 0), n: ${i} });
}
`,
)}${risky ? '\nexport function parse(text: string): unknown {\n  const data = JSON.parse(text) as any;\n  return data;\n}\n' : ''}`,
  },
  {
    ecosystem: 'java',
    grammar: 'java',
    manifest: {
      'pom.xml':
        '<project><modelVersion>4.0.0</modelVersion><groupId>com.example</groupId><artifactId>big</artifactId><version>1.0</version></project>\n',
    },
    path: (i) => `src/main/java/com/example/m${i % 40}/F${i}.java`,
    source: (i, risky) => `package com.example.m${i % 40};

import java.sql.*;
import java.util.*;

public class F${i} {
${six(
  (n) => `  public List<String> handler${n}(Connection conn, String id) throws SQLException {
    try (PreparedStatement stmt = conn.prepareStatement("select name from items where id = ?")) {
      stmt.setString(1, id);
      try (ResultSet rs = stmt.executeQuery()) {
        List<String> names = new ArrayList<>();
        while (rs.next()) names.add(rs.getString(1) + ${i});
        return names;
      }
    }
  }
`,
)}${risky ? '\n  public void raw(Statement stmt, String id) throws SQLException {\n    stmt.executeQuery("select * from owner where id = " + id);\n  }\n' : ''}}
`,
  },
  {
    ecosystem: 'csharp',
    grammar: 'c-sharp',
    manifest: {
      'Big.csproj': '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net9.0</TargetFramework></PropertyGroup></Project>\n',
    },
    path: (i) => `Src/M${i % 40}/F${i}.cs`,
    source: (i, risky) => `namespace Big.M${i % 40};

public class F${i}
{
${six(
  (n) => `    public async Task<List<string>> Handler${n}(AppDb ctx, string id)
    {
        var rows = await ctx.Items.Where(item => item.Id == id).Select(item => item.Name).ToListAsync();
        if (rows.Count == 0)
        {
            return new List<string>();
        }
        var total = rows.Sum(name => name.Length) + ${i};
        return rows.Append(total.ToString()).ToList();
    }
`,
)}${risky ? '\n    public List<User> Raw(AppDb ctx, string id)\n    {\n        var a = ctx.Users.FromSqlRaw($"select * from users where id = {id}").ToList();\n        return a;\n    }\n' : ''}}
`,
  },
  {
    ecosystem: 'php',
    grammar: 'php',
    manifest: { 'composer.json': '{ "name": "acme/big", "require": { "php": ">=8.2" } }\n' },
    path: (i) => `src/M${i % 40}/F${i}.php`,
    source: (i, risky) => `<?php

namespace App\\M${i % 40};

final class F${i}
{
${six(
  (n) => `    public function handler${n}(\\PDO $db, string $id): array
    {
        $stmt = $db->prepare('select name from items where id = ?');
        $stmt->execute([$id]);
        $names = array_filter($stmt->fetchAll(\\PDO::FETCH_COLUMN));
        if (count($names) === 0) {
            return ['error' => 'not found'];
        }
        return ['names' => $names, 'n' => ${i}];
    }
`,
)}${risky ? "\n    public function cart(): mixed\n    {\n        $cart = unserialize($_COOKIE['cart']);\n        return $cart;\n    }\n" : ''}}
`,
  },
  {
    ecosystem: 'ruby',
    grammar: 'ruby',
    manifest: { Gemfile: 'source "https://rubygems.org"\n\ngem "rails", "~> 8.0"\n' },
    path: (i) => `app/m${i % 40}/f${i}.rb`,
    source: (i, risky) => `module M${i % 40}
  class F${i}
${six(
  (n) => `    def handler${n}(params, db)
      id = params.fetch(:id, "")
      rows = db.execute("select name from items where id = ?", [id])
      names = rows.map { |row| row[0] }.compact
      return { error: "not found" } if names.empty?

      { names: names, total: names.sum(&:length), n: ${i} }
    end
`,
)}${risky ? '\n    def fetch(uri)\n      Net::HTTP.get(uri)\n    end\n' : ''}  end
end
`,
  },
  {
    ecosystem: 'cpp',
    grammar: 'cpp',
    manifest: { 'CMakeLists.txt': 'cmake_minimum_required(VERSION 3.20)\nproject(big CXX)\nadd_executable(big src/main.cpp)\n' },
    path: (i) => `src/m${i % 40}/f${i}.cpp`,
    source: (i, risky) => `#include <string>
#include <vector>

namespace m${i % 40} {
${six(
  (n) => `std::vector<std::string> handler${n}(const std::vector<std::string>& input) {
  std::vector<std::string> out;
  out.reserve(input.size());
  for (const auto& part : input) {
    if (part.empty()) continue;
    out.push_back(part + "-" + std::to_string(${i}));
  }
  return out;
}
`,
)}${risky ? '\nWidget* make() {\n  Widget* w = new Widget();\n  return w;\n}\n' : ''}}  // namespace m${i % 40}
`,
  },
];
