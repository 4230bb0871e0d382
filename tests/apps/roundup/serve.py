"""Serves the Roundup tracker at /support/ through Roundup's WSGI handler (roundup-server refuses
to run as root, which the evaluation machine is). Usage: serve.py TRACKER_HOME PORT"""
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from roundup.cgi.wsgi_handler import RequestDispatcher

home, port = sys.argv[1], int(sys.argv[2])
tracker = RequestDispatcher(home)


def app(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if path == "/support" or path.startswith("/support/"):
        environ["SCRIPT_NAME"] = "/support"
        environ["PATH_INFO"] = path[len("/support"):] or "/"
        return tracker(environ, start_response)
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found"]


class Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class Quiet(WSGIRequestHandler):
    def log_message(self, fmt, *args):
        sys.stderr.write("%s\n" % (fmt % args))


make_server("127.0.0.1", port, app, server_class=Server, handler_class=Quiet).serve_forever()
