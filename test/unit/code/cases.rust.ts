import type { CodeCase } from './codeCase';

/** rust: each line ending in a FINDING comment must be found, and no other line. */
export const RUST_CASES: CodeCase[] = [
  {
    item: 'rust.risk.unsafe-review',
    file: 'src/buf.rs',
    source: `pub fn read(p: *const u8, len: usize) -> u8 {
    let first = unsafe { *p }; // FINDING
    // SAFETY: the caller guarantees p points to len readable bytes.
    let slice = unsafe { std::slice::from_raw_parts(p, len) };
    // SAFETY: len > 0 was checked above,
    // and the slice outlives this call.
    let last = unsafe { *slice.get_unchecked(len - 1) };
    /* SAFETY: index 0 is in bounds. */
    let zero = unsafe { *slice.get_unchecked(0) };
    // Reads the first byte.
    unsafe { // FINDING
        do_it();
    }
    // SAFETY: explained, but a blank line follows

    unsafe { do_it() }; // FINDING
    let s = "unsafe { in a string }";
    // unsafe { in a comment }
    first
}

pub unsafe fn marker() {}
unsafe impl Send for Buf {}

#[cfg(not(test))]
fn live() {
    unsafe { do_it() }; // FINDING
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads() {
        let first = unsafe { *p };
    }
}

#[cfg(test)]
#[allow(dead_code)]
mod helpers {
    fn raw() { unsafe { do_it() } }
}

#[test]
fn outside_a_test_module() {
    unsafe { do_it() };
}
`,
  },
  {
    item: 'rust.risk.untrusted-input',
    file: 'src/db.rs',
    source: `async fn load(pool: &PgPool, id: &str) {
    sqlx::query(&format!("select * from users where id = '{}'", id)).fetch_all(pool).await; // FINDING
    sqlx::query_as::<_, User>(&format!("select * from {}", table)).fetch_one(pool).await; // FINDING
    conn.execute(&format!("delete from t where id = {id}"), []); // FINDING
    diesel::sql_query(format!("select * from t where name = '{}'", name)).load(conn); // FINDING
    let stmt = conn.prepare(&format!("select {} from t", col)); // FINDING
    sqlx::query("select * from users where id = $1").bind(id).fetch_all(pool).await;
    sqlx::query!("select * from users where id = $1", id).fetch_all(pool).await;
    conn.execute("delete from t where id = ?1", [id]);
    let sql = format!("select * from t where id = {}", id);
    println!("{}", format!("query {}", id));
    client.get(url).query(&[("q", id)]).send().await;
    log_query(&format!("select {}", id));
}

#[cfg(test)]
mod tests {
    #[sqlx::test]
    async fn loads(pool: PgPool) {
        sqlx::query(&format!("select * from users where id = '{}'", 1)).fetch_all(&pool).await;
    }
}
`,
  },
];
