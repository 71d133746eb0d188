import type { CodeCase } from './codeCase';

/** Go: each line ending in a FINDING comment must be found, and no other line. */
export const GO_CASES: CodeCase[] = [
  {
    item: 'go.delivery.timeouts',
    file: 'server.go',
    source: `package main

func main() {
	plain := http.Server{Addr: ":1"} // FINDING
	withHeader := &http.Server{Addr: ":8080", ReadHeaderTimeout: 5 * time.Second}
	withRead := &http.Server{ReadTimeout: time.Second}
	http.ListenAndServe(":8080", nil) // FINDING
	srv.ListenAndServe()
	resp, err := http.Get(url) // FINDING
	client := &http.Client{Timeout: 5 * time.Second}
	bare := &http.Client{} // FINDING
	withTransport := http.Client{Transport: t} // FINDING
	client.Get(url)
	c := http.DefaultClient // FINDING
	// http.ListenAndServe(":1", nil) in a comment is no call
	s := "http.ListenAndServe in a string"
}
`,
  },
  {
    item: 'go.risk.untrusted-input',
    file: 'handler.go',
    source: `package main

func handle() {
	exec.Command("sh", "-c", cmd) // FINDING
	exec.CommandContext(ctx, "bash", "-c", cmd) // FINDING
	exec.Command("git", "status")
	exec.Command("sh", "script.sh")
	db.Query(fmt.Sprintf("select * from t where id = %s", id)) // FINDING
	db.QueryContext(ctx, "select * from t where id = " + id) // FINDING
	db.QueryContext(ctx, "select * from t where id = ?", id)
	db.Exec("update t set a = ?", a)
	html := template.HTML(userInput) // FINDING
	fixed := template.HTML("<b>fixed</b>")
}
`,
  },
  {
    item: 'go.risk.errors',
    file: 'errors.go',
    source: `package main

func check(err error) {
	if err.Error() == "not found" { // FINDING
	}
	if strings.Contains(err.Error(), "timeout") { // FINDING
	}
	if errors.Is(err, ErrNotFound) {
	}
	if strings.Contains(name, "timeout") {
	}
	log.Println(err.Error())
}
`,
  },
];
