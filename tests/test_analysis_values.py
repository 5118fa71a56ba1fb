"""claude_lint.analysis.values: string values, their origins, mappings."""

from analysis_snippets import call, calls, facts_of, name

from claude_lint.analysis import CONSTANT, ENV, ENV_DEFAULT, ENV_SET, LITERAL, VARIABLE
from claude_lint.analysis.values import ATTRIBUTE, PARAMETER, SEVERAL


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


# ---------------------------------------------------------------- every value that can reach a use (issue 13)


def values_of_kwarg(src: str, callee: str, kw: str):
    f = facts_of(src)
    c = call(f, callee)
    return f, next(k.value for k in c.keywords if k.arg == kw)


def test_self_attribute_set_in_init_and_read_in_another_method():
    src = """
        import os
        class Svc:
            def __init__(self):
                self.region = os.getenv("AWS_REGION", "us-east-1")
                self.model_id = "us.anthropic.claude-haiku-4-5-20251001-v1:0"
            def go(self):
                f(region=self.region, model=self.model_id)
    """
    f, v = values_of_kwarg(src, "f(", "region")
    o = f.value_origin(v)
    assert (o.value, o.source, o.name, o.via) == ("us-east-1", ENV_DEFAULT, "AWS_REGION", "self.region")
    f, v = values_of_kwarg(src, "f(", "model")
    o = f.value_origin(v)
    assert (o.value, o.source, o.name) == ("us.anthropic.claude-haiku-4-5-20251001-v1:0", ATTRIBUTE, "self.model_id")


def test_parameter_default_and_call_site_arguments():
    src = """
        class Client:
            def __init__(self, region="us-east-1"):
                self.c = f(region=region)
        Client()
    """
    f, v = values_of_kwarg(src, "f(", "region")
    o = f.value_origin(v)
    assert (o.value, o.source, o.name) == ("us-east-1", PARAMETER, "region")
    # a call site passing another literal: both values reach the use
    f, v = values_of_kwarg(src.replace("Client()", "Client()\n        Client(region='eu-west-1')"), "f(", "region")
    o = f.value_origin(v)
    assert o.value is None and o.source == SEVERAL
    assert sorted(a.value for a in o.alternatives) == ["eu-west-1", "us-east-1"]


def test_class_attribute_read_through_self_and_or_fallback():
    src = """
        class B:
            HAIKU = "us.anthropic.claude-haiku-4-5-20251001-v1:0"
            def __init__(self, model_id=None):
                self.model_id = model_id or self.HAIKU
            def go(self):
                f(model=self.model_id)
    """
    f, v = values_of_kwarg(src, "f(", "model")
    o = f.value_origin(v)  # model_id's only value is None: it falls through `or`
    assert (o.value, o.source, o.name) == ("us.anthropic.claude-haiku-4-5-20251001-v1:0", ATTRIBUTE, "self.HAIKU")


def test_attribute_reassigned_before_use_keeps_the_last_value():
    src = """
        class S:
            def __init__(self):
                self.region = "us-east-1"
                self.region = "eu-central-1"
                self.c = f(region=self.region)
    """
    f, v = values_of_kwarg(src, "f(", "region")
    assert f.value_origin(v).value == "eu-central-1"


def test_settings_fields_read_through_an_instance():
    src = """
        from dataclasses import dataclass
        from pydantic_settings import BaseSettings, SettingsConfigDict
        class Settings(BaseSettings):
            model_config = SettingsConfigDict(env_prefix="APP_")
            aws_region: str = "us-east-1"
        @dataclass
        class Conf:
            region: str = "us-west-2"
        settings = Settings()
        conf = Conf()
        eu = Conf(region="eu-west-1")
        f(a=settings.aws_region, b=conf.region, c=eu.region)
    """
    f = facts_of(src)
    c = call(f, "f(")
    got = {k.arg: f.value_origin(k.value) for k in c.keywords}
    # a BaseSettings field reads its environment variable first: the default is an environment default
    assert (got["a"].value, got["a"].source, got["a"].name) == ("us-east-1", ENV_DEFAULT, "APP_AWS_REGION")
    assert (got["b"].value, got["b"].source) == ("us-west-2", ATTRIBUTE)
    assert got["c"].value == "eu-west-1"  # the constructor's argument, not the default
    settings = f.module_classes()["Settings"]
    assert f.settings_class(settings) == "settings" and f.settings_class(f.module_classes()["Conf"]) == "fields"
    # the API a project-wide index calls on the Facts of the module that defines the class
    assert [o.value for o in f.attribute_values(settings, "aws_region")] == ["us-east-1"]


def test_region_lists_loops_and_branches():
    src = """
        import random
        REGIONS = ["us-central1", "asia-southeast1"]
        for region in ["us-central1", "europe-west4"]:
            f(loop=region)
        f(first=REGIONS[0])
        f(any=REGIONS[random.randint(0, 1)])
        r = "eu" if random.random() else "us-east5"
        f(branch=r)
    """
    f = facts_of(src)
    vals = {}
    for c in (n for n in __import__("ast").walk(f.tree) if hasattr(n, "keywords") and getattr(n.func, "id", "") == "f"):
        kw = c.keywords[0]
        o = f.value_origin(kw.value)
        vals[kw.arg] = sorted(a.value for a in o.alternatives) if o.source == SEVERAL else o.value
    assert vals == {
        "loop": ["europe-west4", "us-central1"],
        "first": "us-central1",
        "any": ["asia-southeast1", "us-central1"],
        "branch": ["eu", "us-east5"],
    }


def test_session_region_is_the_environment():
    src = """
        import boto3
        import sagemaker
        session = boto3.Session()
        f(a=session.region_name, b=sagemaker.Session().boto_region_name, c=boto3.Session(region_name="eu-west-1").region_name)
    """
    f = facts_of(src)
    got = {k.arg: f.value_origin(k.value) for k in call(f, "f(").keywords}
    assert (got["a"].source, got["a"].name) == (ENV, "AWS_REGION/AWS_DEFAULT_REGION")
    assert got["b"].source == ENV
    assert got["c"].value == "eu-west-1"


def test_unknown_sources_stay_unknown():
    f, v = values_of_kwarg("def g(region):\n    f(region=region)", "f(", "region")
    assert f.value_origin(v).value is None and f.value_origins(v)[0].value is None
    f, v = values_of_kwarg("import cfg\nf(region=cfg.load().region)", "f(", "region")
    assert f.value_origin(v).source == "unknown"


def test_module_attribute_values_and_the_imported_values_hook():
    """The API a project-wide index uses for ``from app.config import settings``."""
    config = facts_of(
        """
        from pydantic_settings import BaseSettings
        class Settings(BaseSettings):
            aws_region: str = "us-east-1"
            bedrock_model_id: str = "us.anthropic.claude-sonnet-4-20250514-v1:0"
        settings = Settings()
        """
    )
    got = config.module_attribute_values("settings", "bedrock_model_id")
    assert [(o.value, o.source, o.name) for o in got] == [
        ("us.anthropic.claude-sonnet-4-20250514-v1:0", ENV_DEFAULT, "BEDROCK_MODEL_ID")
    ]
    assert config.module_attribute_values("nothing", "x") == []
    f, v = values_of_kwarg("from app.config import settings\nf(region=settings.aws_region)", "f(", "region")
    assert f.value_origin(v).value is None  # no index: not known
    f.imported_values = lambda q, a: (
        config.module_attribute_values(q.rsplit(".", 1)[-1], a) if q == "app.config.settings" else []
    )
    f.__dict__.pop("_origins_cache", None)
    assert f.value_origin(v).value == "us-east-1"


def test_mapping_get_reads_a_dict_extended_by_subscript_stores():
    src = (
        "def f(flag, system):\n"
        "    req = {'modelId': 'anthropic.claude-3-haiku', 'messages': []}\n"
        "    if system:\n"
        "        req['system'] = system\n"
        "    if flag:\n"
        "        req['modelId'] = 'amazon.titan-text-lite-v1'\n"
        "    use(req)\n"
        "def g(system, key):\n"
        "    req = {'modelId': 'anthropic.claude-3-haiku'}\n"
        "    req['system'] = system\n"
        "    use(req)\n"
        "def h(key):\n"
        "    req = {'modelId': 'anthropic.claude-3-haiku'}\n"
        "    req[key] = 1\n"
        "    use(req)\n"
    )
    f = facts_of(src)
    uses = calls(f, "use(")
    # a key both the display and a (conditional) store write is not known
    assert f.mapping_get(uses[0].args[0], "modelId")[0] == "unknown"
    status, value = f.mapping_get(uses[1].args[0], "modelId")
    assert status == "found" and value.value == "anthropic.claude-3-haiku"
    status, value = f.mapping_get(uses[1].args[0], "system")
    assert status == "found" and value.id == "system"
    assert f.mapping_get(uses[1].args[0], "toolConfig")[0] == "absent"
    # a store whose key is not known leaves every key unknown
    assert f.mapping_get(uses[2].args[0], "modelId")[0] == "unknown"


def test_boto3_kwargs_dict_gives_the_service_and_region():
    src = (
        "import boto3\n"
        "cfg = {'service_name': 'bedrock-runtime', 'region_name': 'us-east-1'}\n"
        "if FLAG:\n"
        "    cfg['config'] = None\n"
        "rt = boto3.client(**cfg)\n"
    )
    f = facts_of(src)
    c = call(f, "boto3.client(")
    assert f.value_string(f.boto3_arg(c, "service_name", 0)) == "bedrock-runtime"
    assert f.value_string(f.boto3_arg(c, "region_name")) == "us-east-1"
    assert f.content_client(c) is not None
