"""An endpoint that drips its answer a byte at a time, each byte within the read timeout,
is cut off when the whole try has taken WEBHOOK_TIMEOUT_SECONDS: it cannot hold a worker."""

import socket
import threading
import time

from keyloop.notifications.channels.webhook.send import post


def test_a_slow_drip_answer_is_cut_off_at_the_total_timeout(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    stop = threading.Event()

    def drip():
        connection, _ = server.accept()
        connection.recv(65536)
        for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100:
            if stop.is_set():
                break
            try:
                connection.sendall(bytes([byte]))
            except OSError:
                break
            time.sleep(0.3)  # each byte well within the 1 s read timeout
        connection.close()

    thread = threading.Thread(target=drip, daemon=True)
    thread.start()
    started = time.monotonic()
    try:
        post(f"http://127.0.0.1:{port}/hook", b"{}", {"content-type": "application/json"})
    except TimeoutError as error:
        assert "no complete answer within 1 s" in str(error)
    else:
        raise AssertionError("the drip was not cut off")
    finally:
        stop.set()
        server.close()
    assert time.monotonic() - started < 3
