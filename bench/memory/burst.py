#!/usr/bin/env python3
"""Memory of `host serve` under a burst of ~1 MiB non-stream chat requests (loopback only, bounded).

Starts the built host with the Echo test plugin as the fake upstream (it echoes the prompt back,
the worst case for the non-stream path), sends N concurrent ~1 MiB requests, and samples the
server's RSS: before, peak during the burst, and 10 s and 20 s after the last answer (the server
trims its memory once it has been idle for 5 s after a burst). GC settings are
passed as DOTNET_* variables, which override the runtimeconfig, so one build compares them.

    python3 bench/memory/burst.py --concurrency 100 200 --gc workstation server-datas workstation-conserve
"""
import argparse, http.client, json, os, socket, subprocess, sys, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HOST_DLL = os.path.join(ROOT, "src/Host/bin/Release/net10.0/host.dll")
ECHO = os.path.join(ROOT, "tests/Host.Tests/bin/Release/net10.0/TestPlugins/EchoPlugin")
GC_SETTINGS = {
    # What Host.csproj had before: workstation, concurrent GC (a plain console app's default).
    "workstation": {"DOTNET_gcServer": "0", "DOTNET_GCConserveMemory": "0"},
    "server-datas": {"DOTNET_gcServer": "1", "DOTNET_GCDynamicAdaptationMode": "1", "DOTNET_GCConserveMemory": "0"},
    "server-nodatas": {"DOTNET_gcServer": "1", "DOTNET_GCDynamicAdaptationMode": "0", "DOTNET_GCConserveMemory": "0"},
    "workstation-conserve": {"DOTNET_gcServer": "0", "DOTNET_GCConserveMemory": "7"},
    "server-datas-conserve": {"DOTNET_gcServer": "1", "DOTNET_GCDynamicAdaptationMode": "1", "DOTNET_GCConserveMemory": "7"},
    "build": {},  # whatever the built runtimeconfig says
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run(gc, concurrency, body):
    port = free_port()
    plugins = os.path.join("/tmp", f"burst-plugins-{os.getpid()}")
    os.makedirs(plugins, exist_ok=True)
    if not os.path.exists(os.path.join(plugins, "EchoPlugin")):
        os.symlink(ECHO, os.path.join(plugins, "EchoPlugin"))
    env = dict(os.environ, **GC_SETTINGS[gc])
    env.pop("PROVIDERS_API_KEY", None)
    server = subprocess.Popen(["dotnet", HOST_DLL, "serve", "--plugins", plugins, "--urls", f"http://127.0.0.1:{port}"],
                              env=env, stderr=subprocess.PIPE, text=True)
    try:
        server.stderr.readline()  # "listening on …"
        for _ in range(3):  # warm up JIT and pools
            post(port, b'{"model":"echo-1","messages":[{"role":"user","content":"hi"}]}')
        time.sleep(2)
        before = rss_mb(server.pid)
        peak = [before]
        done = threading.Event()

        def sample():
            while not done.is_set():
                peak[0] = max(peak[0], rss_mb(server.pid))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample)
        sampler.start()
        statuses = []
        lock = threading.Lock()

        def one():
            status = post(port, body)
            with lock:
                statuses.append(status)

        workers = [threading.Thread(target=one) for _ in range(concurrency)]
        start = time.time()
        for w in workers:
            w.start()
        for w in workers:
            w.join(timeout=300)
        elapsed = time.time() - start
        done.set()
        sampler.join()
        time.sleep(10)
        after = rss_mb(server.pid)
        time.sleep(10)
        after_20 = rss_mb(server.pid)
        counts = {s: statuses.count(s) for s in sorted(set(statuses), key=str)}
        return {"gc": gc, "concurrency": concurrency, "before_mb": round(before), "peak_mb": round(peak[0]),
                "after_10s_mb": round(after), "after_20s_mb": round(after_20), "statuses": counts, "seconds": round(elapsed, 1)}
    finally:
        server.terminate()
        server.wait(timeout=30)


def post(port, body):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        connection.request("POST", "/v1/chat/completions", body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError as error:
        return type(error).__name__
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--concurrency", type=int, nargs="+", default=[100, 200])
    parser.add_argument("--gc", nargs="+", default=["workstation", "server-datas"], choices=GC_SETTINGS)
    parser.add_argument("--kib", type=int, default=1000, help="prompt size; the body limit is 1 MiB")
    args = parser.parse_args()
    body = json.dumps({"model": "echo-1", "stream": False,
                       "messages": [{"role": "user", "content": "x" * (args.kib * 1024)}]}).encode()
    for gc in args.gc:
        for n in args.concurrency:
            print(json.dumps(run(gc, n, body)), flush=True)


if __name__ == "__main__":
    sys.exit(main())
