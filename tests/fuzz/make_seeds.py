#!/usr/bin/env python3
"""Writes the seed corpora in corpus/<target>/ (run it again after changing a target's input
layout). Seeds stay small (< 4 KiB) and hold no complete key: the scanner target plants keys
that it derives at run time."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(target, name, data):
    path = os.path.join(HERE, "corpus", target, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    assert len(data) < 4096, (target, name, len(data))
    with open(path, "wb") as f:
        f.write(data)


def config_seeds():
    write("config", "empty.toml", "")
    write("config", "custom-rule.toml", """\
[[rules]]
id = "acme-token"
description = "ACME deploy token"
regex = 'acme_[a-f0-9]{16}'
environment = "test"
keywords = ["acme_"]
entropy = 2.5
examples = ['token = "acme_0f1e2d3c4b5a6978"']
negative_examples = ['acme_0000000000000000', 'xacme_0f1e2d3c4b5a6978']
""")
    write("config", "override-builtin.toml", """\
[[rules]]
id = "ziett-live-key"
regex = 'zk_live_[A-Za-z0-9]{28,40}'
environment = "live"
examples = []
""")
    write("config", "classes.toml", """\
[[class]]
name = "frontend"
dirs = ["webapp/src", "ui"]
files = ["*.bundle.js", "**/generated/*.ts", "[a-c]?.cfg"]

[[class]]
name = "nonprod"
dirs = ["qa"]
files = ["*.fixture.*"]

[client_env]
prefixes = ["MYAPP_PUBLIC_", "EXPOSED_"]

[allowlist]
paths = ["vendor/", "*.snap", "docs/**/*.md", "third_party/[!x]*"]
""")
    write("config", "variable-width.toml", """\
[[rules]]
id = "multi"
regex = '(?i)secret[ \\t]*[:=][ \\t]*[a-z0-9/+]{12,64}={0,2}'
environment = "live"
entropy = 0.0
examples = ['SECRET = abcdefgh1234/+==']
""")
    write("config", "bad-regex.toml", """\
[[rules]]
id = "broken"
regex = 'zk_(live|test_[A-Z'
examples = ['zk_live_']
""")
    write("config", "bad-types.toml", """\
rules = "not an array"
[[class]]
name = "backend"
""")
    write("config", "empty-match.toml", """\
[[rules]]
id = "empty"
regex = 'a*'
""")
    write("config", "weird-strings.toml",
          '[[rules]]\nid = "a\\nb\\u0000c\\u00e9"\nregex = """\nx{2,}\n"""\n'
          'description = \'\'\'multi\nline\'\'\'\nenvironment = "test"\n'
          'examples = ["xx", "\\u0007xx\\u007f"]\n[allowlist]\npaths = [1, 2]\n')
    write("config", "nested.toml", "a = " + "[" * 40 + "]" * 40 + "\n[x.y.z]\nw = {a = {b = 1}}\n")


def scanner_seed(name, haystack, keys, chunk=64, window=0, extra=False, hint_larger=False):
    """keys: list of (offset, live, before_byte, after_byte)."""
    out = bytes([1 if extra else 0]) + struct.pack("<HH", chunk - 1, window)
    out += bytes([1 if hint_larger else 0, (len(keys) - 1) % 3])
    for offset, live, before, after in keys:
        out += struct.pack("<I", offset) + bytes([1 if live else 0, before, after])
    write("scanner", name, out + (haystack.encode() if isinstance(haystack, str) else haystack))


def scanner_seeds():
    js = ('const config = {\n  apiKey: process.env.ZIETT_API_KEY,\r\n  url: "https://api.ziett.co",\n'
          '};\n// zk_live_ docs placeholder: zk_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxx\n')
    scanner_seed("js-one-key", js, [(31, True, ord('"'), ord('"'))])
    scanner_seed("crlf-two-keys", js.replace("\n", "\r\n"), [(0, False, ord("="), ord("\r")),
                                                             (len(js), True, ord(" "), ord("\n"))])
    scanner_seed("nul-bytes", b"\0" * 200 + b"zk_test_\0\0" + b"\0" * 50, [(100, True, 0, 0)], chunk=33)
    scanner_seed("tiny-chunks", "line\n" * 60, [(57, True, ord("\n"), ord("\n")), (58, False, 1, 2),
                                                 (150, True, ord("_"), ord("_"))], chunk=1, window=1)
    scanner_seed("long-line", "a" * 3000, [(1000, True, ord(" "), ord(" ")), (2999, False, 9, 9)],
                 chunk=500, window=700)
    scanner_seed("allow-marker", "x = 1 # zkscan:allow\n" * 10 + "y\n" * 30,
                 [(22, True, ord("'"), ord("'"))], chunk=40)
    scanner_seed("near-keys", "zk_live_abc zk_test_ azk_live_ zk_live_key_name ZK_LIVE_ " * 8,
                 [(40, False, ord("("), ord(")"))], chunk=97)
    for chunk in (7, 13, 40):
        scanner_seed(f"multiline-rule-{chunk}", "x\nyabc\nx " * 30 + "x\nab\ncd\nx\n" * 10 + "wab\r\n" * 5,
                     [(5, True, ord(":"), ord("\n"))], chunk=chunk, window=chunk + 30, extra=True)
    scanner_seed("utf8-and-binary", "é€😀\xff".encode("utf-8", "surrogateescape") * 40 + bytes(range(256)),
                 [(17, True, 0x80, 0xff), (300, False, 0xc3, 0xa9)], chunk=255, hint_larger=True)
    scanner_seed("empty-haystack", b"", [(0, True, 0, 0), (0, False, 0, 0), (0, True, 0, 0)])


def report_seeds():
    def s(b):
        b = b.encode() if isinstance(b, str) else b
        return bytes([min(len(b), 255)]) + b[:255]
    base = bytes([0]) + s("secret_abcdefgh12345") + bytes([1]) + s("/repo") + s("deadbeef")
    finding = (bytes([1]) + struct.pack("<II", 41, 27) + s('const k = "') + s('";') )
    write("report", "one-finding", base + bytes([1]) + finding + s("web/src/config.js"))
    names = [b"caf\xc3\xa9/\xe2\x82\xac.js", b"bad\xff\xfe.js", b"new\nline.js", b"tab\tquote\"back\\.js",
             b"\x1b[31mred\x1b[0m.js"]
    data = base + bytes([4])
    for i in range(4):
        data += bytes([i % 2]) + struct.pack("<II", i + 1, 3 * i + 1) + s(names[i]) + s(b"\x00\xff" * 3)
    data += bytes([1]) + s("dir/file.tsx")
    for i in range(4):
        data += bytes([1]) + s(names[(i + 1) % 5]) + bytes([1]) + s(b"rule\x00id") + bytes([0])
        data += bytes([i, i, i]) + bytes([1]) + s("a" * 40) + s(b"N\xc3\xa1me <x@y>\r\n") + s("2026-01-31T10:00:00Z")
        data += s("b" * 40) + bytes([1, i])
    data += bytes([2]) + s(b"unreadable\xff") + s("cannot open: Permission denied") + s("x") + s("y\n")
    data += bytes([1]) + s("note: shallow clone")
    write("report", "many-findings", data)
    write("report", "all-zero", bytes(64))
    write("report", "all-ff", b"\xff" * 512)
    write("report", "ascii", ("The quick brown fox jumps over the lazy dog. " * 20).encode())


if __name__ == "__main__":
    config_seeds()
    scanner_seeds()
    report_seeds()
