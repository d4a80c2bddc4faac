#!/usr/bin/env python3
"""Hostile clients for natoazd with --busy-poll on (session 17's QA), in raw frames (no
protobuf library needed).

Usage: probe.py SOCKET MODE [N]
  storm N        N connections, 32 at a time, each pinging 0-4 times then going away in one of
                 7 ways (close; close after sending; half-close; a frame split around a pause;
                 a partial frame then close; a partial frame then half-close; an RST-like
                 close); EXTRA=1 adds no Hello, idle until the idle timeout, a partial frame
                 held until the frame timeout, 5,000 unread 1 KiB pings (write timeout), and
                 text after the Hello.
  pingloop N     one connection, N sequential pings (ids checked); prints p50 and p99
  pipeline N     N pings in one write, then 50 sequential ones on the same connection
  pingforever    pings until the connection ends (for Reload and SIGTERM meanwhile)
  reload         one Reload request"""
import os, socket, struct, sys, time, random, threading
sock_path, mode = sys.argv[1], sys.argv[2]; N = int(sys.argv[3]) if len(sys.argv) > 3 else 200
HELLO = bytes.fromhex('00000007' '00' '0801' '5a020801')
def ping(i):
    body = b'\x08' + varint(i) + b'\x62\x00'
    return struct.pack('>I', len(body) + 1) + b'\x00' + body
def reload_req(i):
    body = b'\x08' + varint(i) + b'\xca\x01\x00'
    return struct.pack('>I', len(body) + 1) + b'\x00' + body
def varint(n):
    out = b''
    while True:
        b = n & 0x7f; n >>= 7
        if n: out += bytes([b | 0x80])
        else: return out + bytes([b])
def recv_frame(s):
    hdr = recvn(s, 4)
    if hdr is None: return None
    (n,) = struct.unpack('>I', hdr)
    return recvn(s, n)
def recvn(s, n):
    buf = b''
    while len(buf) < n:
        c = s.recv(n - len(buf))
        if not c: return None
        buf += c
    return buf
def connect():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.settimeout(10)
    s.connect(sock_path); s.sendall(HELLO)
    r = recv_frame(s); assert r is not None, 'no hello answer'
    return s
def check_ping(r, i):
    assert r is not None, 'connection closed'
    assert r[1:].startswith(b'\x08' + varint(i)), 'wrong id: %r for %d' % (r[:12], i)
    assert b'\x62' in r[1:], 'not a ping answer: %r' % r
errors = []
EXTRA = os.environ.get('EXTRA') == '1'
def hostile(k):
    rng = random.Random(k)
    try:
        if EXTRA and rng.random() < 0.1:                                # no hello at all
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.settimeout(10)
            s.connect(sock_path)
            if rng.random() < 0.5: s.sendall(HELLO[:5])
            while recv_frame(s) is not None: pass
            return
        s = connect()
        for i in range(rng.randrange(0, 5)):
            s.sendall(ping(i + 1)); check_ping(recv_frame(s), i + 1)
        how = rng.randrange(11 if EXTRA else 7)
        if how == 0: s.close()                                         # close after an answer
        elif how == 1:                                                 # close right after sending
            s.sendall(ping(9)); s.close()
        elif how == 2:                                                 # half-close, read the rest
            s.sendall(ping(9)); s.shutdown(socket.SHUT_WR)
            while recv_frame(s) is not None: pass
            s.close()
        elif how == 3:                                                 # partial frame during spin
            f = ping(9); s.sendall(f[:3]); time.sleep(rng.random() * 1e-4); s.sendall(f[3:])
            check_ping(recv_frame(s), 9); s.close()
        elif how == 4:                                                 # partial frame then close
            s.sendall(ping(9)[:rng.randrange(1, 8)]); s.close()
        elif how == 5:                                                 # partial then half-close
            s.sendall(ping(9)[:5]); s.shutdown(socket.SHUT_WR)
            r = recv_frame(s)  # the MALFORMED_FRAME error
            s.close()
        elif how == 7:                                                 # idle until closed
            while recv_frame(s) is not None: pass
        elif how == 8:                                                 # partial frame held
            s.sendall(ping(9)[:4])
            while recv_frame(s) is not None: pass
        elif how == 9:                                                 # never reads: fill buffers
            body = b'\x08\x05\x62' + bytes([0x83, 0x08]) + b'\x0a\x80\x08' + b'x' * 1024
            f = struct.pack('>I', len(body) + 1) + b'\x00' + body
            try:
                for _ in range(5000): s.sendall(f)
            except OSError: pass
            time.sleep(1.5); s.close()
        elif how == 10:                                                # garbage after hello
            s.sendall(b'GET / HTTP/1.1\r\n\r\n')
            while recv_frame(s) is not None: pass
        else:                                                          # RST-like: SO_LINGER 0
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
            s.sendall(ping(9)); s.close()
    except Exception as e:
        errors.append('%d: %r' % (k, e))
if mode == 'storm':
    ts = []
    for k in range(N):
        t = threading.Thread(target=hostile, args=(k,)); t.start(); ts.append(t)
        if len(ts) >= 32:
            for t in ts: t.join()
            ts = []
    for t in ts: t.join()
    print('storm %d connections, %d errors' % (N, len(errors))); [print(e) for e in errors[:10]]
elif mode == 'pingloop':   # one connection, N sequential pings; prints p50 us
    s = connect(); lat = []
    for i in range(N):
        t0 = time.perf_counter(); s.sendall(ping(i + 1)); r = recv_frame(s); check_ping(r, i + 1)
        lat.append(time.perf_counter() - t0)
    lat.sort()
    print('pings %d p50 %.1f us p99 %.1f us' % (N, lat[N // 2] * 1e6, lat[N * 99 // 100] * 1e6))
elif mode == 'pipeline':
    s = connect(); s.sendall(b''.join(ping(i + 1) for i in range(N)))
    got = 0
    while got < N:
        r = recv_frame(s); check_ping(r, got + 1); got += 1
    # then sequential on the same connection
    for i in range(50):
        s.sendall(ping(i + 1)); check_ping(recv_frame(s), i + 1)
    print('pipelined %d answered' % got)
elif mode == 'pingforever':  # ping until the connection fails; report how it ended
    s = connect(); i = 0
    try:
        while True:
            i += 1; s.sendall(ping(i)); r = recv_frame(s)
            if r is None: print('closed after %d pings' % i); break
    except Exception as e: print('ended after %d pings: %r' % (i, e))
elif mode == 'reload':
    s = connect(); s.sendall(reload_req(7)); r = recv_frame(s)
    print('reload answer', r[:40] if r else None)
