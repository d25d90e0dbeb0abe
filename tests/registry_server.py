#!/usr/bin/env python3
"""A loopback HTTPS server with canned answers, for tests of registry clients.

usage: registry_server.py DIR

DIR holds ca.pem, server.pem and server.key (made by the test) and
routes.json: {"/path?query": {"status": 200, "file": "name"}, ...}; each
file is served from DIR.  The server listens on a free 127.0.0.1 port,
writes it to DIR/port when ready and appends each request line it gets to
DIR/requests.log.  It never reaches beyond loopback.
"""
import http.server
import json
import os
import ssl
import sys


def main():
    root = sys.argv[1]
    with open(os.path.join(root, "routes.json"), encoding="utf-8") as f:
        routes = json.load(f)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            with open(os.path.join(root, "requests.log"), "a",
                      encoding="utf-8") as log:
                log.write(self.path + "\n")
            route = routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            body = b""
            if "file" in route:
                with open(os.path.join(root, route["file"]), "rb") as f:
                    body = f.read()
            self.send_response(route.get("status", 200))
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(root, "server.pem"),
                        os.path.join(root, "server.key"))
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    tmp = os.path.join(root, "port.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(str(server.server_address[1]))
    os.rename(tmp, os.path.join(root, "port"))
    server.serve_forever()


if __name__ == "__main__":
    main()
