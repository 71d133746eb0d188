import type { CodeCase } from './codeCase';

/** python: each line ending in a FINDING comment must be found, and no other line. */
export const PYTHON_CASES: CodeCase[] = [
  {
    item: 'python.delivery.http-timeouts',
    file: 'app/client.py',
    source: `import requests

def fetch(url, payload):
    r = requests.get(url)  # FINDING
    requests.post(url, json=payload)  # FINDING
    requests.request("PUT", url, data=payload)  # FINDING
    requests.get(url, timeout=5)
    requests.post(url, json=payload, timeout=(3.05, 27))
    httpx.get(url)
    config.get("url")
    # requests.get(url) in a comment is no call
    s = "requests.get(url) in a string"
`,
  },
  {
    item: 'python.risk.untrusted-input',
    file: 'app/views.py',
    source: `import pickle, yaml, subprocess

def handle(request, cur):
    obj = pickle.loads(request.body)  # FINDING
    data = yaml.load(request.body)  # FINDING
    data = yaml.load(request.body, Loader=yaml.Loader)  # FINDING
    data = yaml.unsafe_load(request.body)  # FINDING
    data = yaml.load(request.body, Loader=yaml.SafeLoader)
    data = yaml.load(request.body, Loader=CSafeLoader)
    data = yaml.safe_load(request.body)
    value = eval(request.GET["expr"])  # FINDING
    exec(f"x = {request.body}")  # FINDING
    value = eval("1 + 2")
    value = ast.literal_eval(request.body)
    subprocess.run(cmd, shell=True)  # FINDING
    subprocess.run(["git", "status"])
    subprocess.run(cmd, shell=False)
    cur.execute(f"select * from t where id = {request.GET['id']}")  # FINDING
    cur.execute("select * from t where id = %s" % request.GET["id"])  # FINDING
    cur.execute("select * from t where id = %s", [request.GET["id"]])
    User.objects.raw("select * from users where id = %s", [uid])
    log.info(f"user {uid}")
`,
  },
];
