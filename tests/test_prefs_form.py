"""The toolbar without JavaScript: a form that stores the choice in a cookie and redirects back."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readable import Readable


def cookie(client: FlaskClient) -> str | None:
    found = client.get_cookie("readable")
    return found.value if found else None


def post(client: FlaskClient, **form: str):  # type: ignore[no-untyped-def]
    form.setdefault("next", "/article")
    return client.post("/readable/prefs", data=form)


DISPLAY = "leading=normal&spacing=normal&width=normal&font=site&mask=off"


def stored(size: int = 100, theme: str = "auto", speed: str = "1", **display: str) -> str:
    """The cookie the form writes for these settings (every field, in order)."""
    fields = dict(pair.split("=") for pair in DISPLAY.split("&")) | display
    return f"size={size}&theme={theme}&" + "&".join(f"{k}={v}" for k, v in fields.items()) + f"&speed={speed}"


def test_larger_steps_up_to_200_and_stops(client: FlaskClient) -> None:
    seen = []
    for _ in range(8):
        response = post(client, size="larger")
        assert response.status_code == 303 and response.location == "/article"
        seen.append(cookie(client))
    assert seen[:6] == [stored(s) for s in (115, 130, 150, 175, 200, 200)]
    page = client.get("/article").text
    assert 'data-readable-size="200"' in page
    assert 'value="larger" data-readable-action="larger" aria-disabled="true"' in page


def test_smaller_default_and_theme(client: FlaskClient) -> None:
    post(client, size="smaller")
    assert cookie(client) == stored(90)
    post(client, size="default")
    post(client, theme="contrast")
    assert cookie(client) == stored(theme="contrast")
    page = client.get("/article").text
    assert 'data-readable-theme="contrast"' in page
    assert 'name="theme" value="contrast" checked' in page
    assert 'name="theme" value="default">' in page
    post(client, theme="default")
    assert cookie(client) == stored(theme="default")
    post(client, speed="1.5")
    assert cookie(client) == stored(theme="default", speed="1.5")


def test_the_former_contrast_button_and_cookie_are_read_as_themes(client: FlaskClient) -> None:
    post(client, contrast="on")
    assert cookie(client) == stored(theme="contrast")
    post(client, contrast="off")
    assert cookie(client) == stored(theme="default")
    for old, theme in (("on", "contrast"), ("off", "default"), ("auto", "auto"), ("max", "auto")):
        client.set_cookie("readable", f"size=130&contrast={old}&speed=1.5")
        page = client.get("/article").text
        assert f'data-readable-theme="{theme}"' in page and 'data-readable-size="130"' in page
        post(client, size="larger")
        assert cookie(client) == stored(150, theme, "1.5")


def test_the_comfort_panel_posts_every_setting_at_once_and_resets(client: FlaskClient) -> None:
    post(client, size="larger", speed="1.25")
    chosen = {"theme": "sepia", "leading": "loose", "spacing": "wide", "width": "narrow", "font": "legible",
              "mask": "on"}  # fmt: skip
    response = post(client, **chosen)
    assert response.status_code == 303
    assert cookie(client) == stored(115, "sepia", "1.25", **{k: v for k, v in chosen.items() if k != "theme"})
    page = client.get("/article").text
    for name, value in chosen.items():
        assert f'data-readable-{name}="{value}"' in page
        assert f'name="{name}" value="{value}" checked' in page
    # "Khôi phục mặc định": every display setting and the size go back; the speed is the player's.
    post(client, reset="1", **chosen)
    assert cookie(client) == stored(speed="1.25")
    # Without a theme chosen, no theme radio is checked (the system's preference decides).
    page = client.get("/article").text
    assert 'data-readable-theme="auto"' in page and 'name="theme" value="default">' in page


def test_the_redirect_returns_to_the_bar(client: FlaskClient) -> None:
    page = client.get("/article").text
    assert '<div class="readable-bar" id="readable-1">' in page
    assert 'name="next" value="/article#readable-1"' in page
    response = client.post("/readable/prefs", data={"size": "larger", "next": "/article#readable-1"})
    assert response.location == "/article#readable-1"


def test_cookie_attributes(client: FlaskClient) -> None:
    response = post(client, size="larger")
    header = response.headers["Set-Cookie"]
    assert "Path=/" in header and "SameSite=Lax" in header and "Max-Age=31536000" in header
    assert "Secure" not in header
    secure = client.post(
        "/readable/prefs", data={"size": "larger"}, base_url="https://localhost", follow_redirects=False
    )
    assert "Secure" in secure.headers["Set-Cookie"]


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"size": "huge"}, "huge"),
        ({"size": "133"}, "133"),
        ({"contrast": "max"}, "max"),
        ({"theme": "night"}, "night"),
        ({"leading": "3"}, "3"),
        ({"width": "huge"}, "huge"),
        ({"speed": "3"}, "3"),
    ],
)
def test_unknown_values_are_refused_with_a_clear_message(
    client: FlaskClient, form: dict[str, str], message: str
) -> None:
    response = client.post("/readable/prefs", data=form)
    assert response.status_code == 400
    assert "Giá trị không hợp lệ" in response.text and message in response.text
    assert cookie(client) is None


def test_get_is_not_allowed(client: FlaskClient) -> None:
    assert client.get("/readable/prefs").status_code == 405


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/path",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http://evil.example@localhost.evil/",
        "https:evil.example",
        "/article\r\nSet-Cookie: x=1",
        "",
        "article",
    ],
)
def test_foreign_redirects_fall_back_to_the_referring_article(client: FlaskClient, target: str) -> None:
    response = client.post(
        "/readable/prefs",
        data={"size": "larger", "next": target},
        headers={"Referer": "http://localhost/bai-viet/mot?x=1"},
    )
    assert response.status_code == 303
    assert response.location == "/bai-viet/mot?x=1"


def test_foreign_referrer_is_not_followed_either(client: FlaskClient) -> None:
    response = client.post(
        "/readable/prefs",
        data={"size": "larger", "next": "https://evil.example/"},
        headers={"Referer": "https://evil.example/page"},
    )
    assert response.location == "/"


def test_same_site_absolute_and_relative_targets_are_kept(client: FlaskClient) -> None:
    assert post(client, size="larger", next="/a/b?c=d#e").location == "/a/b?c=d#e"
    assert post(client, size="larger", next="http://localhost/x?y=1").location == "/x?y=1"


def test_flask_wtf_style_csrf_protection_exempts_the_form() -> None:
    exempted = []

    class FakeCSRF:  # the shape flask-wtf's CSRFProtect registers in app.extensions
        def exempt(self, view: object) -> None:
            exempted.append(view)

    app = Flask(__name__)
    app.extensions["csrf"] = FakeCSRF()
    Readable(app)
    assert [bp.name for bp in exempted] == ["readable"]  # type: ignore[attr-defined]


# Bad input from a hostile probe: a bad cookie means the defaults, a bad form value a 400, never a 500.

LATIN1 = st.characters(min_codepoint=0x20, max_codepoint=0xFF)  # what a Cookie header's bytes decode to
NON_ASCII_DIGITS = ["²", "①", "¹⁵⁰", "١٥٠", "１５０", "150\u0660"]
#: Values a probe tries first: digits ``int`` refuses or reads otherwise, hosts ``urlsplit`` refuses.
TRICKY = [
    *NON_ASCII_DIGITS,
    "%C2%B2",
    "%E2%91%A0",
    "http://[x/",
    "http://a\uff03b/",
    "//[/",
    "0",
    "-5",
    "1e2",
]
FIELD = st.sampled_from(
    ["size", "contrast", "theme", "leading", "mask", "speed", "a", "", "size[]", "%73ize"]
)
COOKIE_VALUE = st.one_of(st.text(LATIN1, max_size=8), st.sampled_from(TRICKY[:8]))
COOKIES = st.one_of(
    st.text(LATIN1, max_size=300),
    st.lists(st.tuples(FIELD, COOKIE_VALUE), max_size=12).map(lambda p: "&".join(f"{k}={v}" for k, v in p)),
    st.integers(0, 40).map(lambda n: "&".join(["a"] * n)),
)
FORM_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40), st.sampled_from(TRICKY)
)


@pytest.mark.parametrize("size", NON_ASCII_DIGITS)
def test_digits_that_int_refuses_or_reads_otherwise_are_a_400(client: FlaskClient, size: str) -> None:
    response = client.post("/readable/prefs", data={"size": size, "next": "/article"})
    assert response.status_code == 400 and "Giá trị không hợp lệ" in response.text
    assert cookie(client) is None


@pytest.mark.parametrize(
    "value", ["&".join("a" * 13), "size=²", "size=①&contrast=on", "size=" + "9" * 300, "size=１５０"]
)
def test_a_bad_cookie_means_the_defaults_and_the_form_still_works(client: FlaskClient, value: str) -> None:
    client.set_cookie("readable", value)
    page = client.get("/article")
    assert page.status_code == 200 and 'data-readable-size="100"' in page.text
    response = post(client, size="larger")
    assert response.status_code == 303 and (cookie(client) or "").startswith("size=115&")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=COOKIES)
def test_no_cookie_breaks_a_page_or_the_form(app: Flask, value: str) -> None:
    client = app.test_client(use_cookies=False)  # sends the Cookie header as given
    headers = {"Cookie": f"readable={value}"}
    page = client.get("/article", headers=headers)
    assert page.status_code == 200 and "data-readable-size=" in page.text
    form = client.post("/readable/prefs", data={"size": "default"}, headers=headers)
    assert form.status_code == 303


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    form=st.dictionaries(
        st.sampled_from(["size", "contrast", "theme", "width", "reset", "speed", "next", "x"]),
        FORM_TEXT,
        max_size=4,
    ),
    referrer=st.one_of(st.text(LATIN1, max_size=40), st.sampled_from(TRICKY[-6:-3])),
)
def test_no_form_value_is_a_500(client: FlaskClient, form: dict[str, str], referrer: str) -> None:
    response = client.post("/readable/prefs", data=form, headers={"Referer": referrer})
    assert response.status_code in (303, 400)
    if response.status_code == 303:
        assert response.location.startswith("/") and not response.location.startswith("//")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=200))
def test_no_raw_body_is_a_500(client: FlaskClient, body: bytes) -> None:
    response = client.post("/readable/prefs", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in (303, 400)


@pytest.mark.parametrize("target", ["http://[x/", "http://a\uff03b/", "http://[::1", "//[/"])
def test_unparseable_targets_fall_back_to_the_site(client: FlaskClient, target: str) -> None:
    response = client.post(
        "/readable/prefs", data={"size": "larger", "next": target}, headers={"Referer": target}
    )
    assert response.status_code == 303 and response.location == "/"


CROSS_SITE_MESSAGE = "Không lưu cài đặt: yêu cầu đến từ một trang web khác."


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://localhost"},
        {"Origin": "https://evil.example"},
        {"Origin": "http://localhost:8080"},
        {"Origin": "http://[x"},
        {"Sec-Fetch-Site": "same-site", "Origin": "http://tin.localhost"},
    ],
)
def test_a_form_posted_from_another_site_is_refused(client: FlaskClient, headers: dict[str, str]) -> None:
    response = client.post("/readable/prefs", data={"size": "200", "next": "/article"}, headers=headers)
    assert response.status_code == 403 and CROSS_SITE_MESSAGE in response.text
    assert cookie(client) is None


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Sec-Fetch-Site": "same-origin", "Origin": "http://localhost"},
        # Behind a proxy that rewrites Host, the browser's own word is trusted.
        {"Sec-Fetch-Site": "same-origin", "Origin": "https://portal.example"},
        {"Sec-Fetch-Site": "none"},
        {"Origin": "http://localhost"},
        {"Origin": "null"},  # a same-site page whose Referrer-Policy is no-referrer, in an older browser
    ],
)
def test_a_form_posted_from_this_site_is_kept(client: FlaskClient, headers: dict[str, str]) -> None:
    response = client.post("/readable/prefs", data={"size": "200", "next": "/article"}, headers=headers)
    assert response.status_code == 303 and cookie(client) == stored(200)


def test_the_cross_site_refusal_in_english() -> None:
    app = Flask(__name__)
    app.config.update(READABLE_LANGUAGE="en", READABLE_AUDIO=False)
    Readable(app)
    response = app.test_client().post(
        "/readable/prefs", data={"size": "larger"}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 403
    assert "Settings not saved: the request came from another website." in response.text
