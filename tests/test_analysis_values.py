"""claude_lint.analysis.values: string values, their origins, mappings."""

from analysis_snippets import call, facts_of, name

from claude_lint.analysis import CONSTANT, ENV, ENV_DEFAULT, ENV_SET, LITERAL, VARIABLE


def origin_of_kwarg(src: str, callee: str, kw: str):
    f = facts_of(src)
    c = call(f, callee)
    value = next(k.value for k in c.keywords if k.arg == kw)
    return f.value_origin(value)


def test_literal_constant_and_variable_origins():
    assert origin_of_kwarg('f(region="eu")', "f(", "region").source == LITERAL
    o = origin_of_kwarg('REGION = "eu"\nf(region=REGION)', "f(", "region")
    assert (o.value, o.source, o.name) == ("eu", CONSTANT, "REGION")
    o = origin_of_kwarg('def g():\n    r = "us"\n    f(region=r)', "f(", "region")
    assert (o.value, o.source, o.name) == ("us", VARIABLE, "r")


def test_environment_origins():
    o = origin_of_kwarg('import os\nf(region=os.environ["CLOUD_ML_REGION"])', "f(", "region")
    assert (o.value, o.source, o.name) == (None, ENV, "CLOUD_ML_REGION") and o.from_environment
    o = origin_of_kwarg('import os\nf(region=os.getenv("R", "eu"))', "f(", "region")
    assert (o.value, o.source, o.name) == ("eu", ENV_DEFAULT, "R")
    f = facts_of('import os\nos.environ["ANTHROPIC_BASE_URL"] = "http://x"\n')
    assert f.env_writes()["ANTHROPIC_BASE_URL"][0] == "http://x"
    o = origin_of_kwarg('import os\nos.environ["R"] = "eu"\nf(region=os.environ["R"])', "f(", "region")
    assert (o.value, o.source) == ("eu", ENV_SET)


def test_value_string_joins_constant_parts():
    f = facts_of('HOST = "api.example.com"\nurl = f"https://{HOST}/v1"\nuse(url)')
    assert f.value_string(name(f, "url")) == "https://api.example.com/v1"
    assert f.value_string(call(f, "use(")) is None


def test_mapping_get_reports_found_missing_and_unknown():
    f = facts_of('p = {"model": "claude", **extra}\nq = {"a": 1}\nuse(p, q)')
    c = call(f, "use(")
    status, value = f.mapping_get(c.args[0], "model")
    assert status == "found" and value.value == "claude"
    assert f.mapping_get(c.args[1], "model")[0] == "absent"
    assert f.mapping_get(c.args[0], "other")[0] == "unknown"  # **extra may hold it


def test_partial_string_marks_each_unknown_part_one_way():
    from claude_lint.analysis.values import UNKNOWN_PART as U

    f = facts_of("""
        GATEWAY = "https://gw.example"
        PORT = 8443
        def go(host, suffix):
            a = f"{GATEWAY}:{PORT}/v1"
            b = f"http://{host}/v1/" + suffix
            c = "https://" + host.strip()
            use(a, b, c, host)
    """)
    a, b, c, host = call(f, "use(").args
    assert f.partial_string(a) == "https://gw.example:8443/v1"
    assert f.partial_string(b) == f"http://{U}/v1/{U}"
    assert f.partial_string(c) == f"https://{U}"
    assert f.partial_string(host) == U
