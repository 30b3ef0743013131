"""Shared text generation for the zkscan benchmark corpora (gen_tree.py, gen_history.py).

Everything here is driven by an explicit random.Random, never by time, hash order or
the environment, so a seed always yields byte-identical output.

Filler text looks like source code (identifiers, comments, strings, imports) in many
languages. It never contains a string matching the key pattern
`zk_(live|test)_[A-Za-z0-9]{28}` except where a caller plants one on purpose:
`scrub()` rewrites any accidental match, and the generators call it on every buffer.
Some fragments deliberately contain *near misses* (`zk_live_` followed by something
that is not a 28-character body, `ZIETT_API_KEY` names ...), as a codebase that uses
Ziett would, so the scanner's literal prefilter has something to reject.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import string

KEY_RE = re.compile(rb"zk_(?:live|test)_[A-Za-z0-9]{28}")
ALNUM = string.ascii_letters + string.digits
B64 = string.ascii_letters + string.digits + "+/"
HEX = "0123456789abcdef"

# ---------------------------------------------------------------------------------------
# Keys


def make_key(rng: random.Random, env: str) -> str:
    """A key with a random (high-entropy, placeholder-free) 28-character body."""
    assert env in ("live", "test")
    while True:
        body = "".join(rng.choice(ALNUM) for _ in range(28))
        # Reject anything a placeholder filter could plausibly discard: require a mix of
        # classes, many distinct characters and no run of 3.
        if (any(c.islower() for c in body) and any(c.isupper() for c in body)
                and any(c.isdigit() for c in body) and len(set(body)) >= 18
                and not re.search(r"(.)\1\1", body)):
            return f"zk_{env}_{body}"


def fingerprint(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def redact(key: str) -> str:
    return key[:8] + "****" + key[-4:]


def scrub(data: bytes) -> bytes:
    """Break any accidental key-shaped match in filler (zk_ -> zq_)."""
    if KEY_RE.search(data) is None:
        return data
    return KEY_RE.sub(lambda m: b"zq" + m.group(0)[2:], data)


# Placeholders as the provider's documentation writes them: they match the raw regex
# (so ripgrep counts them) but are not findings.
PLACEHOLDERS = [
    "zk_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "zk_test_XXXXXXXXXXXXXXXXXXXXXXXXXXXX",
    "zk_test_0000000000000000000000000000",
]

# ---------------------------------------------------------------------------------------
# Vocabulary

WORDS = """
user account order payment invoice cart session message campaign contact template queue
worker cache config client server request response handler router service repository
model view controller event stream buffer parser render layout button modal form input
field table row column list item grid chart metric report export import upload download
file image video audio channel notify email sms webhook retry timeout limit page offset
cursor filter sort search query index schema migrate seed build deploy release feature
flag toggle theme color font icon menu nav header footer sidebar profile settings billing
plan price subscription trial coupon discount tax currency amount balance ledger transfer
refund charge card bank address country region locale language translate format date time
zone duration interval schedule job task batch pipeline state store reducer action effect
hook context provider consumer props children value map array string number object node
tree graph edge vertex path route link url host port socket connection pool thread lock
mutex signal error warning info debug trace log logger level status code result option
default custom internal external shared common util helper base factory builder adapter
proxy wrapper decorator middleware plugin module package bundle chunk asset lazy async
pending resolve reject promise future callback listener observer subject emitter dispatch
subscribe publish topic partition producer broker cluster shard replica leader follower
snapshot restore backup archive compress encode decode encrypt decrypt digest sign verify
auth login logout register password credential permission role policy rule guard check
validate sanitize escape normalize transform convert merge split join concat slice push
pop append insert remove delete update create read write open close start stop pause
resume reset clear flush sync fetch load save persist hydrate serialize clone copy compare
equal diff patch version tag label name title description summary detail meta data
payload body headers params args env mode stage preview draft publish archive tenant org
team member invite owner admin guest visitor analytics tracker pixel session cookie
storage bucket object blob upload thumbnail avatar banner carousel slider tooltip popover
dropdown checkbox radio switch toast alert dialog drawer tab panel card badge chip avatar
spinner skeleton loader progress stepper wizard pagination breadcrumb calendar picker
""".split()

COMMENT_WORDS = """
the a an this that we it is are be to of and or for in on with by from when if not
only all each every new old first last next previous should must can may will would
returns handles creates updates removes checks makes sure keeps avoids retries caches
called before after during because otherwise note todo fixme hack workaround legacy
deprecated temporary see also until unless while since value values result results
request response user users order orders message messages key keys id ids list map
""".split()

UNICODE_BITS = ["café", "naïve", "Größe", "Ærø", "日本語", "中文", "Ελληνικά", "русский",
                "→", "✓", "…", "“quoted”", "€", "½", "emoji 🚀", "ñandú"]

LANG_NAMES = ["en", "es", "fr", "de", "pt", "ja", "zh", "ru", "it", "nl", "pl", "tr"]
AUTHORS = [("Ana Souza", "ana.souza"), ("Ben Okafor", "ben.okafor"),
           ("Chloé Martin", "chloe.martin"), ("Dmitri Volkov", "dmitri.volkov"),
           ("Emma Lindqvist", "emma.lindqvist"), ("Farid Haddad", "farid.haddad"),
           ("Grace Kim", "grace.kim"), ("Hiro Tanaka", "hiro.tanaka"),
           ("Isabel Ortega", "isabel.ortega"), ("Jonas Weber", "jonas.weber"),
           ("Kavya Rao", "kavya.rao"), ("Liam O'Brien", "liam.obrien")]


class Words:
    """Identifier and prose helpers bound to one Random."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def w(self) -> str:
        return self.rng.choice(WORDS)

    def camel(self, n: int | None = None) -> str:
        n = n or self.rng.randint(1, 3)
        parts = [self.w() for _ in range(n)]
        return parts[0] + "".join(p.capitalize() for p in parts[1:])

    def pascal(self, n: int | None = None) -> str:
        n = n or self.rng.randint(1, 3)
        return "".join(self.w().capitalize() for _ in range(n))

    def snake(self, n: int | None = None) -> str:
        n = n or self.rng.randint(1, 3)
        return "_".join(self.w() for _ in range(n))

    def kebab(self, n: int | None = None) -> str:
        n = n or self.rng.randint(1, 3)
        return "-".join(self.w() for _ in range(n))

    def upper(self, n: int | None = None) -> str:
        return self.snake(n).upper()

    def sentence(self, lo: int = 4, hi: int = 14) -> str:
        r = self.rng
        ws = [r.choice(COMMENT_WORDS) if r.random() < 0.6 else r.choice(WORDS)
              for _ in range(r.randint(lo, hi))]
        if r.random() < 0.04:
            ws.insert(r.randrange(len(ws)), r.choice(UNICODE_BITS))
        s = " ".join(ws)
        return s[0].upper() + s[1:] + "."

    def hexstr(self, n: int) -> str:
        return "".join(self.rng.choice(HEX) for _ in range(n))

    def b64(self, n: int) -> str:
        return "".join(self.rng.choice(B64) for _ in range(n))

    def url(self) -> str:
        return f"https://{self.w()}.example.com/{self.kebab(2)}/{self.w()}"

    def string_lit(self) -> str:
        r = self.rng.random()
        if r < 0.35:
            return self.sentence(2, 7)
        if r < 0.5:
            return self.url()
        if r < 0.6:
            return self.hexstr(self.rng.choice((8, 12, 32, 40)))
        if r < 0.7:
            return f"/api/v{self.rng.randint(1, 3)}/{self.kebab(1)}/{self.w()}"
        return self.kebab()

    def number(self) -> str:
        r = self.rng.random()
        if r < 0.5:
            return str(self.rng.randint(0, 100))
        if r < 0.8:
            return str(self.rng.randint(100, 100000))
        return f"{self.rng.random() * 1000:.2f}"


# ---------------------------------------------------------------------------------------
# Near misses: text about Ziett keys that must not be reported (and does not match the
# raw regex either).

def near_miss(wd: Words) -> str:
    r = wd.rng
    body = "".join(r.choice(ALNUM) for _ in range(r.randint(4, 27)))
    return r.choice([
        "Keys look like zk_live_<28 characters>; never commit them.",
        "if (apiKey.startsWith(\"zk_test_\")) mode = \"sandbox\";",
        "const LIVE_PREFIX = \"zk_live_\";",
        "ZIETT_API_KEY=${ZIETT_API_KEY}",
        f"zk_live_key_name = \"{wd.snake(2)}\"",
        f"expected prefix zk_test_ but got {body[:6]}",
        f"sample = \"zk_test_\" + random_body({r.randint(20, 27)})",
        f"truncated: zk_live_{body}...",
        "X-API-KEY: {{ ziett_live_key }}",
        f"azk_live_{body}",
    ])


# ---------------------------------------------------------------------------------------
# Fragments per language family. Each generator returns one "unit" of text (a function,
# a class, a block, a section), several lines long, newline-terminated.

def _c_comment(wd: Words, ind: str = "") -> str:
    r = wd.rng
    if r.random() < 0.5:
        return f"{ind}// {wd.sentence()}\n"
    lines = "".join(f"{ind} * {wd.sentence()}\n" for _ in range(r.randint(1, 4)))
    return f"{ind}/**\n{lines}{ind} */\n"


def _stmt_js(wd: Words, ind: str) -> str:
    r = wd.rng
    k = r.random()
    a, b = wd.camel(), wd.camel()
    if k < 0.25:
        return f"{ind}const {a} = {b}.{wd.camel()}({wd.camel()}, \"{wd.string_lit()}\");\n"
    if k < 0.4:
        return f"{ind}if (!{a}) {{\n{ind}  throw new Error(\"{wd.sentence(3, 8)}\");\n{ind}}}\n"
    if k < 0.55:
        return f"{ind}let {a} = await {b}.{wd.camel()}({{ {wd.camel(1)}: {wd.number()}, {wd.camel(1)}: \"{wd.kebab()}\" }});\n"
    if k < 0.65:
        return (f"{ind}for (const {wd.w()} of {a}) {{\n{ind}  {b}.push({wd.camel()}({wd.w()}));\n{ind}}}\n")
    if k < 0.75:
        return f"{ind}{a}.{wd.camel()} = {wd.number()};\n"
    if k < 0.85:
        return f"{ind}// {wd.sentence()}\n"
    if k < 0.95:
        return f"{ind}return {a} ?? {b};\n"
    return f"{ind}// {near_miss(wd)}\n"


def frag_js(wd: Words, ts: bool = False, jsx: bool = False) -> str:
    r = wd.rng
    name = wd.camel()
    body = "".join(_stmt_js(wd, "  ") for _ in range(r.randint(2, 9)))
    k = r.random()
    if jsx and k < 0.5:
        comp = wd.pascal()
        props = ", ".join(wd.camel(1) for _ in range(r.randint(1, 4)))
        inner = "".join(
            f"      <{r.choice(['div', 'span', 'p', 'li', 'section'])} className=\"{wd.kebab()}\">"
            f"{{{wd.camel(1)}}} {wd.sentence(1, 4)}</{'div'}>\n" for _ in range(r.randint(1, 5)))
        typ = f": {comp}Props" if ts else ""
        return (f"{_c_comment(wd)}export function {comp}({{ {props} }}{typ}) {{\n{body}"
                f"  return (\n    <div className=\"{wd.kebab()}\">\n{inner}    </div>\n  );\n}}\n\n")
    if ts and k < 0.7:
        fields = "".join(f"  {wd.camel(1)}{'?' if r.random() < 0.3 else ''}: "
                         f"{r.choice(['string', 'number', 'boolean', wd.pascal(1) + '[]', 'Date'])};\n"
                         for _ in range(r.randint(2, 8)))
        return f"{_c_comment(wd)}export interface {wd.pascal()} {{\n{fields}}}\n\n"
    sig = f"({wd.camel(1)}{': ' + wd.pascal(1) if ts else ''}, {wd.camel(1)}{': string' if ts else ''})"
    if r.random() < 0.3:
        return f"{_c_comment(wd)}export const {name} = async {sig} => {{\n{body}}};\n\n"
    return f"{_c_comment(wd)}export function {name}{sig} {{\n{body}}}\n\n"


def frag_py(wd: Words) -> str:
    r = wd.rng
    ind = "    "

    def stmt(ind: str) -> str:
        k = r.random()
        a = wd.snake()
        if k < 0.3:
            return f"{ind}{a} = {wd.snake()}.{wd.snake(2)}({wd.snake(1)}, \"{wd.string_lit()}\")\n"
        if k < 0.45:
            return f"{ind}if not {a}:\n{ind}    raise ValueError(\"{wd.sentence(3, 8)}\")\n"
        if k < 0.6:
            return f"{ind}for {wd.w()} in {a}:\n{ind}    {wd.snake()}.append({wd.w()})\n"
        if k < 0.7:
            return f"{ind}# {wd.sentence()}\n"
        if k < 0.8:
            return f"{ind}logger.{r.choice(['info', 'debug', 'warning'])}(\"%s {wd.sentence(2, 6)}\", {a})\n"
        if k < 0.97:
            return f"{ind}{a} = {{\"{wd.w()}\": {wd.number()}, \"{wd.w()}\": \"{wd.kebab()}\"}}\n"
        return f"{ind}# {near_miss(wd)}\n"

    args = ", ".join(wd.snake(1) for _ in range(r.randint(0, 3)))
    doc = f'{ind}"""{wd.sentence()}"""\n' if r.random() < 0.6 else ""
    body = "".join(stmt(ind) for _ in range(r.randint(2, 8))) + f"{ind}return {wd.snake()}\n"
    if r.random() < 0.3:
        meth = "".join(
            f"\n    def {wd.snake()}(self{', ' + args if args else ''}):\n"
            + "".join(stmt("        ") for _ in range(r.randint(1, 5)))
            for _ in range(r.randint(1, 3)))
        return f"class {wd.pascal()}({r.choice(['object', 'BaseModel', 'Exception', 'Service'])}):\n{doc}{meth}\n\n"
    return f"def {wd.snake()}({args}):\n{doc}{body}\n\n"


def frag_go(wd: Words) -> str:
    r = wd.rng
    stmts = []
    for _ in range(r.randint(2, 8)):
        k = r.random()
        a = wd.camel()
        if k < 0.3:
            stmts.append(f"\t{a}, err := {wd.camel(1)}.{wd.pascal()}(ctx, \"{wd.string_lit()}\")\n"
                         f"\tif err != nil {{\n\t\treturn nil, fmt.Errorf(\"{wd.sentence(2, 5)}: %w\", err)\n\t}}\n")
        elif k < 0.5:
            stmts.append(f"\tfor _, {wd.w()} := range {a} {{\n\t\t{wd.camel()} = append({wd.camel()}, {wd.w()})\n\t}}\n")
        elif k < 0.65:
            stmts.append(f"\t// {wd.sentence()}\n")
        elif k < 0.98:
            stmts.append(f"\t{a} := &{wd.pascal()}{{{wd.pascal(1)}: {wd.number()}, {wd.pascal(1)}: \"{wd.kebab()}\"}}\n")
        else:
            stmts.append(f"\t// {near_miss(wd)}\n")
    if r.random() < 0.3:
        fields = "".join(f"\t{wd.pascal()} {r.choice(['string', 'int64', 'bool', '[]byte', 'time.Time'])}"
                         f" `json:\"{wd.snake()}\"`\n" for _ in range(r.randint(2, 8)))
        return f"// {wd.pascal()} {wd.sentence()}\ntype {wd.pascal()} struct {{\n{fields}}}\n\n"
    return (f"// {wd.pascal()} {wd.sentence()}\nfunc (s *{wd.pascal()}) {wd.pascal()}(ctx context.Context, "
            f"{wd.camel(1)} string) (*{wd.pascal()}, error) {{\n{''.join(stmts)}\treturn nil, nil\n}}\n\n")


def frag_rs(wd: Words) -> str:
    r = wd.rng
    body = "".join(r.choice([
        f"    let {wd.snake()} = {wd.snake()}.{wd.snake()}(&{wd.snake(1)})?;\n",
        f"    // {wd.sentence()}\n",
        f"    if {wd.snake()}.is_empty() {{\n        return Err(Error::{wd.pascal()}(\"{wd.sentence(2, 5)}\".into()));\n    }}\n",
        f"    for {wd.w()} in {wd.snake()}.iter() {{\n        {wd.snake()}.push({wd.w()}.clone());\n    }}\n",
    ]) for _ in range(r.randint(2, 7)))
    if r.random() < 0.3:
        fields = "".join(f"    pub {wd.snake()}: {r.choice(['String', 'u64', 'bool', 'Vec<u8>', 'Option<String>'])},\n"
                         for _ in range(r.randint(2, 7)))
        return f"/// {wd.sentence()}\n#[derive(Debug, Clone)]\npub struct {wd.pascal()} {{\n{fields}}}\n\n"
    return (f"/// {wd.sentence()}\npub fn {wd.snake()}(&self, {wd.snake(1)}: &str) -> Result<{wd.pascal()}> {{\n"
            f"{body}    Ok(Default::default())\n}}\n\n")


def frag_jvm(wd: Words, kotlin: bool) -> str:
    r = wd.rng
    if kotlin:
        body = "".join(r.choice([
            f"        val {wd.camel()} = {wd.camel()}.{wd.camel()}(\"{wd.string_lit()}\")\n",
            f"        // {wd.sentence()}\n",
            f"        if ({wd.camel()} == null) return\n",
            f"        {wd.camel()}.forEach {{ {wd.camel()}.add(it.{wd.camel(1)}) }}\n",
        ]) for _ in range(r.randint(2, 7)))
        return (f"    /** {wd.sentence()} */\n    fun {wd.camel()}({wd.camel(1)}: {wd.pascal(1)}): {wd.pascal(1)}? {{\n"
                f"{body}        return null\n    }}\n\n")
    body = "".join(r.choice([
        f"        final {wd.pascal(1)} {wd.camel()} = {wd.camel()}.{wd.camel()}(\"{wd.string_lit()}\");\n",
        f"        // {wd.sentence()}\n",
        f"        if ({wd.camel()} == null) {{\n            throw new IllegalStateException(\"{wd.sentence(2, 6)}\");\n        }}\n",
        f"        for ({wd.pascal(1)} {wd.w()} : {wd.camel()}) {{\n            {wd.camel()}.add({wd.w()});\n        }}\n",
    ]) for _ in range(r.randint(2, 7)))
    return (f"    /**\n     * {wd.sentence()}\n     */\n    public {wd.pascal(1)} {wd.camel()}({wd.pascal(1)} {wd.camel(1)}) {{\n"
            f"{body}        return null;\n    }}\n\n")


def frag_swift(wd: Words) -> str:
    r = wd.rng
    body = "".join(r.choice([
        f"        let {wd.camel()} = {wd.camel()}.{wd.camel()}(\"{wd.string_lit()}\")\n",
        f"        // {wd.sentence()}\n",
        f"        guard let {wd.camel()} = {wd.camel()} else {{ return }}\n",
        f"        {wd.camel()}.append(contentsOf: {wd.camel()})\n",
    ]) for _ in range(r.randint(2, 7)))
    return f"    /// {wd.sentence()}\n    func {wd.camel()}(_ {wd.camel(1)}: {wd.pascal(1)}) {{\n{body}    }}\n\n"


def frag_c(wd: Words) -> str:
    r = wd.rng
    body = "".join(r.choice([
        f"    {r.choice(['int', 'size_t', 'uint32_t', 'char *'])} {wd.snake()} = {wd.snake()}({wd.snake(1)}, {wd.number()});\n",
        f"    /* {wd.sentence()} */\n",
        f"    if ({wd.snake()} < 0) {{\n        return -{r.choice(['EINVAL', 'ENOMEM', 'EIO'])};\n    }}\n",
        f"    memcpy({wd.snake(1)}, {wd.snake(1)}, sizeof(*{wd.snake(1)}));\n",
    ]) for _ in range(r.randint(2, 8)))
    return (f"/* {wd.sentence()} */\nstatic int {wd.snake()}(struct {wd.snake(1)} *{wd.snake(1)}, size_t n)\n{{\n"
            f"{body}    return 0;\n}}\n\n")


def frag_h(wd: Words) -> str:
    r = wd.rng
    return "".join(r.choice([
        f"#define {wd.upper()} {wd.number()}\n",
        f"int {wd.snake()}(struct {wd.snake(1)} *{wd.snake(1)}, const char *{wd.snake(1)});\n",
        f"/* {wd.sentence()} */\n",
        f"typedef struct {wd.snake()} {{\n    int {wd.snake(1)};\n    char *{wd.snake(1)};\n}} {wd.snake(1)}_t;\n",
    ]) for _ in range(r.randint(3, 8))) + "\n"


def frag_php(wd: Words) -> str:
    r = wd.rng
    body = "".join(r.choice([
        f"        ${wd.camel()} = $this->{wd.camel()}->{wd.camel()}('{wd.string_lit()}');\n",
        f"        // {wd.sentence()}\n",
        f"        if (empty(${wd.camel()})) {{\n            throw new \\RuntimeException('{wd.sentence(2, 6)}');\n        }}\n",
        f"        foreach (${wd.camel()} as ${wd.w()}) {{\n            ${wd.camel()}[] = ${wd.w()};\n        }}\n",
    ]) for _ in range(r.randint(2, 7)))
    return f"    /**\n     * {wd.sentence()}\n     */\n    public function {wd.camel()}(${wd.camel(1)})\n    {{\n{body}        return null;\n    }}\n\n"


def frag_rb(wd: Words) -> str:
    r = wd.rng
    body = "".join(r.choice([
        f"    {wd.snake()} = {wd.snake()}.{wd.snake()}(\"{wd.string_lit()}\")\n",
        f"    # {wd.sentence()}\n",
        f"    return if {wd.snake()}.nil?\n",
        f"    {wd.snake()}.each {{ |{wd.w()}| {wd.snake()} << {wd.w()} }}\n",
    ]) for _ in range(r.randint(2, 7)))
    return f"  # {wd.sentence()}\n  def {wd.snake()}({wd.snake(1)})\n{body}  end\n\n"


def frag_css(wd: Words) -> str:
    r = wd.rng
    props = "".join(r.choice([
        f"  color: #{wd.hexstr(6)};\n", f"  margin: {r.randint(0, 32)}px {r.randint(0, 32)}px;\n",
        f"  padding: {r.randint(0, 4)}rem;\n", "  display: flex;\n", "  align-items: center;\n",
        f"  font-size: {r.randint(10, 32)}px;\n", f"  border-radius: {r.randint(0, 12)}px;\n",
        f"  background: linear-gradient({r.randint(0, 360)}deg, #{wd.hexstr(6)}, #{wd.hexstr(6)});\n",
        f"  transition: {wd.kebab(1)} {r.randint(100, 400)}ms ease-in-out;\n",
    ]) for _ in range(r.randint(2, 7)))
    return f".{wd.kebab()}{r.choice(['', ':hover', ' > .' + wd.kebab(1), '::before'])} {{\n{props}}}\n\n"


def frag_html(wd: Words) -> str:
    r = wd.rng
    items = "".join(f"      <li class=\"{wd.kebab()}\"><a href=\"{wd.url()}\">{wd.sentence(1, 4)}</a></li>\n"
                    for _ in range(r.randint(1, 6)))
    return (f"  <section id=\"{wd.kebab()}\" class=\"{wd.kebab()}\">\n    <h2>{wd.sentence(2, 5)}</h2>\n"
            f"    <p>{wd.sentence(6, 20)}</p>\n    <ul>\n{items}    </ul>\n  </section>\n")


def frag_json(wd: Words) -> str:
    r = wd.rng
    obj = {wd.camel(): (r.choice([wd.number(), wd.string_lit(), r.random() < 0.5]))
           for _ in range(r.randint(2, 7))}
    obj["id"] = wd.hexstr(24)
    return "    " + json.dumps(obj, ensure_ascii=False) + ",\n"


def frag_yaml(wd: Words) -> str:
    r = wd.rng
    inner = "".join(f"  {wd.snake(1)}: {r.choice([wd.number(), wd.kebab(), 'true', 'false', repr(wd.url())])}\n"
                    for _ in range(r.randint(2, 7)))
    extra = f"  # {near_miss(wd)}\n" if r.random() < 0.03 else ""
    return f"{wd.snake()}:\n{inner}{extra}"


def frag_md(wd: Words) -> str:
    r = wd.rng
    paras = "".join(f"{' '.join(wd.sentence() for _ in range(r.randint(1, 5)))}\n\n" for _ in range(r.randint(1, 3)))
    bullets = "".join(f"- `{wd.camel()}`: {wd.sentence(3, 9)}\n" for _ in range(r.randint(0, 5)))
    code = ""
    if r.random() < 0.3:
        code = f"```js\nconst {wd.camel()} = require(\"{wd.kebab()}\");\n{wd.camel()}.{wd.camel()}({{ {wd.camel(1)}: true }});\n```\n\n"
    if r.random() < 0.05:
        code += f"> {near_miss(wd)}\n\n"
    return f"{'#' * r.randint(2, 3)} {wd.sentence(2, 6)[:-1]}\n\n{paras}{bullets}{chr(10) if bullets else ''}{code}"


def frag_xml(wd: Words) -> str:
    r = wd.rng
    return "".join(r.choice([
        f"    <string name=\"{wd.snake()}\">{wd.sentence(2, 8)}</string>\n",
        f"    <{wd.pascal(1)} android:id=\"@+id/{wd.snake()}\" android:layout_width=\"match_parent\" />\n",
        f"    <!-- {wd.sentence()} -->\n",
        f"    <color name=\"{wd.snake()}\">#FF{wd.hexstr(6).upper()}</color>\n",
    ]) for _ in range(r.randint(2, 8)))


def frag_sql(wd: Words) -> str:
    r = wd.rng
    if r.random() < 0.4:
        cols = ",\n".join(f"    {wd.snake()} {r.choice(['TEXT', 'BIGINT', 'BOOLEAN', 'TIMESTAMPTZ', 'JSONB'])}"
                          f"{' NOT NULL' if r.random() < 0.5 else ''}" for _ in range(r.randint(2, 8)))
        return f"-- {wd.sentence()}\nCREATE TABLE IF NOT EXISTS {wd.snake()} (\n    id BIGSERIAL PRIMARY KEY,\n{cols}\n);\n\n"
    vals = ", ".join(f"('{wd.hexstr(12)}', '{wd.kebab()}', {wd.number()})" for _ in range(r.randint(2, 12)))
    return f"INSERT INTO {wd.snake()} (id, name, amount) VALUES {vals};\n"


def frag_sh(wd: Words) -> str:
    r = wd.rng
    return "".join(r.choice([
        f"# {wd.sentence()}\n", f"{wd.upper()}=\"${{{wd.upper()}:-{wd.kebab()}}}\"\n",
        f"if [ -z \"${wd.upper()}\" ]; then\n  echo \"{wd.sentence(2, 6)}\" >&2\n  exit 1\nfi\n",
        f"{r.choice(['npm run', 'make', 'go build', 'cargo build'])} {wd.kebab()} --{wd.kebab(1)}\n",
    ]) for _ in range(r.randint(2, 8))) + "\n"


def frag_toml(wd: Words) -> str:
    r = wd.rng
    inner = "".join(f"{wd.snake(1)} = {r.choice([wd.number(), json.dumps(wd.kebab()), 'true'])}\n"
                    for _ in range(r.randint(2, 6)))
    return f"[{wd.snake()}]\n{inner}\n"


# Language table: extension -> (family, comment prefix for headers)
FAMILIES = {
    "js": lambda wd: frag_js(wd), "ts": lambda wd: frag_js(wd, ts=True),
    "jsx": lambda wd: frag_js(wd, jsx=True), "tsx": lambda wd: frag_js(wd, ts=True, jsx=True),
    "py": frag_py, "go": frag_go, "rs": frag_rs,
    "java": lambda wd: frag_jvm(wd, False), "kt": lambda wd: frag_jvm(wd, True),
    "swift": frag_swift, "c": frag_c, "h": frag_h, "php": frag_php, "rb": frag_rb,
    "css": frag_css, "html": frag_html, "json": frag_json, "yaml": frag_yaml, "md": frag_md,
    "xml": frag_xml, "sql": frag_sql, "sh": frag_sh, "toml": frag_toml,
}
# Extensions that reuse another family's fragments.
EXT_FAMILY = {
    "mjs": "js", "cjs": "js", "vue": "html", "svelte": "html", "scss": "css", "less": "css",
    "yml": "yaml", "m": "c", "mm": "c", "cc": "c", "cpp": "c", "hpp": "h", "gradle": "kt",
    "kts": "kt", "plist": "xml", "svg": "xml", "txt": "md", "rst": "md", "d.ts": "ts",
    "scala": "java", "dart": "java", "lock": "toml", "cfg": "toml", "ini": "toml",
    "graphql": "ts", "proto": "go", "mdx": "md",
}
HASH_COMMENT = {"py", "rb", "yaml", "yml", "sh", "toml", "lock", "cfg", "ini"}


def family_of(ext: str) -> str:
    return EXT_FAMILY.get(ext, ext) if ext not in FAMILIES else ext


class TextFactory:
    """Pools of pre-generated fragments per family; files are composed from them.

    Building files by sampling from pools is what makes a 500 MB tree generate in
    seconds in pure Python; a per-file header with unique names and a random fragment
    order keep files distinct.
    """

    def __init__(self, rng: random.Random, pool_size: int = 300):
        self.rng = rng
        self.wd = Words(rng)
        self.pool_size = pool_size
        self.pools: dict[str, list[str]] = {}
        self.avg: dict[str, float] = {}

    def pool(self, fam: str) -> list[str]:
        p = self.pools.get(fam)
        if p is None:
            gen = FAMILIES[fam]
            p = [gen(self.wd) for _ in range(self.pool_size)]
            self.pools[fam] = p
            self.avg[fam] = sum(len(x) for x in p) / len(p)
        return p

    def header(self, ext: str, path: str) -> str:
        wd, r = self.wd, self.rng
        fam = family_of(ext)
        if fam in ("json",):
            return "{\n  \"$schema\": \"" + wd.url() + "\",\n  \"items\": [\n"
        if fam in ("html",):
            return (f"<!doctype html>\n<html lang=\"{r.choice(LANG_NAMES)}\">\n<head>\n  <meta charset=\"utf-8\">\n"
                    f"  <title>{wd.sentence(2, 4)}</title>\n</head>\n<body>\n")
        if fam in ("md",):
            return f"# {wd.pascal()}\n\n{wd.sentence(6, 16)}\n\n"
        if fam in ("xml",):
            return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<resources>\n"
        if fam in ("css",):
            return f"/* {path} — {wd.sentence()} */\n@import \"./{wd.kebab()}.css\";\n\n"
        lead = "#" if ext in HASH_COMMENT else "//"
        lines = [f"{lead} {path}", f"{lead} {wd.sentence()}",
                 f"{lead} Copyright {r.randint(2015, 2025)} Acme {wd.pascal(1)} Inc. All rights reserved."]
        imports = []
        n = r.randint(1, 8)
        if fam in ("js", "ts", "jsx", "tsx"):
            imports = [f"import {{ {wd.camel()}, {wd.camel()} }} from \"{r.choice(['./', '../', '@acme/'])}{wd.kebab()}\";"
                       for _ in range(n)]
        elif fam == "py":
            imports = [f"from {wd.snake(1)}.{wd.snake(1)} import {wd.pascal()}, {wd.snake()}" for _ in range(n)]
        elif fam == "go":
            imports = [f"package {wd.w()}", "", "import (", "\t\"context\"", "\t\"fmt\"",
                       *[f"\t\"github.com/acme/{wd.kebab(1)}/{wd.w()}\"" for _ in range(n)], ")"]
        elif fam in ("java", "kt"):
            imports = [f"package com.acme.{wd.w()}.{wd.w()}{';' if fam == 'java' else ''}", ""] + \
                      [f"import com.acme.{wd.w()}.{wd.pascal()}{';' if fam == 'java' else ''}" for _ in range(n)] + \
                      ["", f"{'public ' if fam == 'java' else ''}class {wd.pascal()} {{"]
        elif fam == "rs":
            imports = [f"use crate::{wd.snake(1)}::{{{wd.pascal()}, {wd.pascal()}}};" for _ in range(n)]
        elif fam == "swift":
            imports = ["import Foundation", "import UIKit", "", f"final class {wd.pascal()} {{"]
        elif fam in ("c", "h"):
            imports = [f"#include <{r.choice(['stdio', 'stdlib', 'string', 'errno', 'stdint'])}.h>" for _ in range(n)] + \
                      [f"#include \"{wd.snake()}.h\""]
        elif fam == "php":
            lines.insert(0, "<?php")
            imports = [f"namespace Acme\\{wd.pascal()};", "", f"use Acme\\{wd.pascal()}\\{wd.pascal()};", "",
                       f"class {wd.pascal()}", "{"]
        elif fam == "rb":
            imports = [f"require \"{wd.snake()}\"" for _ in range(n)] + ["", f"class {wd.pascal()}"]
        return "\n".join(lines + [""] + imports) + "\n\n"

    FOOTERS = {"json": "    {}\n  ]\n}\n", "html": "</body>\n</html>\n", "xml": "</resources>\n",
               "java": "}\n", "kt": "}\n", "swift": "}\n", "php": "}\n", "rb": "end\n"}

    def text(self, ext: str, path: str, size: int) -> str:
        """A file of roughly `size` bytes (at least one fragment) for extension `ext`."""
        fam = family_of(ext)
        pool = self.pool(fam)
        head = self.header(ext, path)
        need = max(1, int((size - len(head)) / self.avg[fam]) + 1)
        frags = self.rng.choices(pool, k=need)
        return head + "".join(frags) + self.FOOTERS.get(fam, "")

    def lines(self, ext: str, n_frags: int) -> str:
        """Fresh-looking replacement text (for edits in history)."""
        fam = family_of(ext)
        return "".join(self.rng.choices(self.pool(fam), k=n_frags))

    # Minified JavaScript and source maps ----------------------------------------------

    def minified_pool(self) -> list[str]:
        p = self.pools.get("__min")
        if p is None:
            wd, r = self.wd, self.rng
            p = []
            ids = [a + b for a in "abcdefghijklmnopqrstuvwxyz" for b in ("", "e", "t", "n", "r", "o")]
            for _ in range(self.pool_size * 2):
                v = [r.choice(ids) for _ in range(6)]
                k = r.random()
                if k < 0.3:
                    s = (f"{r.randint(1, 99999)}:function({v[0]},{v[1]},{v[2]}){{\"use strict\";var {v[3]}={v[2]}({r.randint(1, 9999)}),"
                         f"{v[4]}={v[2]}.n({v[3]});{v[1]}.{wd.camel()}=function({v[5]}){{return {v[4]}()({v[5]},\"{wd.kebab()}\")}}}}")
                elif k < 0.55:
                    s = (f"function {v[0]}({v[1]},{v[2]}){{if(!{v[1]})throw new Error(\"{wd.sentence(2, 6)}\");"
                         f"return {v[1]}.{wd.camel()}({v[2]})||{{{wd.camel(1)}:{r.randint(0, 999)},{wd.camel(1)}:\"{wd.string_lit()}\"}}}}")
                elif k < 0.75:
                    s = (f"const {v[0]}=({v[1]},{v[2]})=>{v[1]}.map(({v[3]})=>({{...{v[3]},{wd.camel(1)}:{v[2]}[{v[3]}.{wd.camel(1)}]??null}}))")
                elif k < 0.9:
                    s = (f"{v[0]}.createElement(\"{r.choice(['div', 'span', 'button', 'a'])}\",{{className:\"{wd.kebab()}\","
                         f"onClick:{v[1]}}},\"{wd.sentence(1, 4)}\")")
                else:
                    s = f"var {v[0]}=\"{wd.b64(r.randint(20, 120))}\",{v[1]}=[{','.join(str(r.randint(0, 255)) for _ in range(12))}]"
                p.append(s)
            self.pools["__min"] = p
            self.avg["__min"] = sum(len(x) for x in p) / len(p)
        return p

    def minified(self, size: int, banner: str = "") -> str:
        """One single-line minified bundle of about `size` bytes (no trailing newline)."""
        pool = self.minified_pool()
        need = int(size / (self.avg["__min"] + 1)) + 1
        out = ["!function(){" + banner]
        # Build in chunks to bound the size of temporary lists.
        step = 20000
        while need > 0:
            k = min(step, need)
            out.append(";".join(self.rng.choices(pool, k=k)))
            need -= k
        out.append("}();")
        return ";".join(out)

    def vlq(self, n: int) -> str:
        r = self.rng
        segs = []
        for _ in range(n):
            segs.append("".join(r.choice(B64) for _ in range(r.choice((4, 4, 5, 6, 8)))))
        # Source map "mappings": segments separated by ',' and lines by ';'.
        return ",".join(segs)

    def source_map(self, size: int, file: str, sources: list[str], extra_source: str = "") -> str:
        """A single-line v3 source map of about `size` bytes."""
        # About half sourcesContent (escaped source text), half mappings.
        contents = []
        per = max(1000, size // 2 // max(1, len(sources)))
        for i, s in enumerate(sources):
            ext = s.rsplit(".", 1)[-1]
            txt = self.text(ext, s, per)
            if i == len(sources) // 2 and extra_source:
                cut = txt.find("\n", len(txt) // 2) + 1
                txt = txt[:cut] + extra_source + txt[cut:]
            contents.append(txt)
        names = [self.wd.camel() for _ in range(max(10, min(2000, size // 400)))]
        used = sum(len(c) for c in contents) + len(",".join(names)) + 200
        mapping_len = max(0, size - used)
        mappings = []
        approx = 0
        while approx < mapping_len:
            seg = self.vlq(max(1, min(4000, (mapping_len - approx) // 6)))
            mappings.append(seg)
            approx += len(seg) + 1
        doc = {"version": 3, "file": file, "sources": sources, "sourcesContent": contents,
               "names": names, "mappings": ";".join(mappings)}
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
