"""The online voice, through the real gTTS library, against replayed Google answers and injected faults."""

from __future__ import annotations

import base64
import json
import random
import re
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
import responses
from gtts import gTTS
from hypothesis import given, settings
from hypothesis import strategies as st
from mp3_samples import mp3

from readable.audio.mp3 import ARTICLE_FORMAT, audio_bytes, frames
from readable.tts.base import VoiceError
from readable.tts.gtts import GTTSVoice, pack

URL = re.compile(r"https://translate\.google\.com/_/TranslateWebserverUi/data/batchexecute")
PUNCTUATION = ".!?;:,…–—)]}\"'”’»›"

SENTENCE = (
    "Hà Nội, ngày 5 tháng 3 năm 2024 – Sáng nay, tại Trung tâm Hội nghị Quốc gia, Đại hội đại biểu toàn quốc "
    "lần thứ XIII đã bế mạc. Các đại biểu (đến từ 63 tỉnh, thành phố) đã thông qua nghị quyết: “Phát triển "
    "bền vững”. Ổn định!"
)
LONG_WORDS = " ".join(["nghị quyết"] * 30)  # 329 characters, no punctuation


def reply(audio: bytes) -> str:
    """A batchexecute answer as Google sends it (compact JSON, or gTTS's regex finds nothing)."""
    payload = base64.b64encode(audio).decode("ascii")
    return ')]}\'\n\n[["wrb.fr","jQ1olc","[\\"' + payload + '\\"]",null,null,null,"generic"]]\n'


def sent(request: Any) -> list[Any]:
    """The RPC parameters a request carried: [text, lang, speed, "null"]."""
    form = urllib.parse.parse_qs(request.body)
    rpc = json.loads(form["f.req"][0])
    return list(json.loads(rpc[0][0][1]))


def transport_kwargs(mocked: responses.RequestsMock) -> dict[str, Any]:
    """What reached the transport adapter's send() (responses records it on the request)."""
    kwargs: dict[str, Any] = getattr(mocked.calls[0].request, "req_kwargs")  # noqa: B009
    return kwargs


def bare(data: bytes) -> bytes:
    return audio_bytes(data, ARTICLE_FORMAT)[0]


def no_spaces(text: str) -> str:
    return "".join(text.split())


GOOD = mp3(0.5)


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def make_voice(sleeps: list[float]) -> Callable[..., GTTSVoice]:
    def make(**options: Any) -> GTTSVoice:
        options.setdefault("sleep", sleeps.append)
        options.setdefault("rng", random.Random(7))
        return GTTSVoice(**options)

    return make


class UpperBound(random.Random):
    """Jitter that always draws the top of its range, so the backoff's growth and cap show exactly."""

    def uniform(self, a: float, b: float) -> float:
        return b


# pack ----------------------------------------------------------------------------------------------------


def test_pack_vietnamese_at_clause_boundaries() -> None:
    assert pack(SENTENCE) == [
        "Hà Nội, ngày 5 tháng 3 năm 2024 – Sáng nay, tại Trung tâm Hội nghị Quốc gia,",
        "Đại hội đại biểu toàn quốc lần thứ XIII đã bế mạc. Các đại biểu (đến từ 63 tỉnh, thành phố)",
        "đã thông qua nghị quyết: “Phát triển bền vững”. Ổn định!",
    ]


def test_pack_needs_fewer_requests_than_gtts_one_per_comma() -> None:
    chunks = pack(SENTENCE)
    gtts_parts = gTTS(SENTENCE, lang="vi", lang_check=False).get_bodies()
    assert len(chunks) < len(gtts_parts)
    for chunk in chunks[:-1]:
        assert chunk[-1] in PUNCTUATION, chunk


def test_pack_packs_clauses_greedily() -> None:
    clause = "a" * 44 + ","  # 45 characters: two fit in 100 with the space between them, three do not
    assert pack(" ".join([clause] * 5)) == [f"{clause} {clause}"] * 2 + [clause]


def test_pack_does_not_cut_inside_numbers_or_abbreviations() -> None:
    assert pack("3,5 triệu v.v. xong", limit=14) == ["3,5 triệu v.v.", "xong"]


def test_pack_long_clause_splits_at_spaces() -> None:
    chunks = pack(LONG_WORDS)
    assert len(chunks) == 4
    assert all(len(chunk) <= 100 for chunk in chunks)
    for chunk in chunks:  # no word is broken
        assert set(chunk.split()) <= {"nghị", "quyết"}
        assert chunk.startswith("nghị") and chunk.endswith("quyết")
    assert " ".join(chunks) == LONG_WORDS
    assert all(len(chunk) > 100 - len(" nghị quyết") for chunk in chunks[:-1])  # greedy: nearly full


def test_pack_hard_splits_a_word_longer_than_the_limit() -> None:
    word = "".join(chr(ord("a") + i % 26) for i in range(250))
    assert pack(word) == [word[:100], word[100:200], word[200:]]
    assert pack(f"xin {word} chào") == ["xin", word[:100], word[100:200], word[200:] + " chào"]


def test_pack_nothing() -> None:
    assert pack("") == []
    assert pack(" \n\t ") == []
    with pytest.raises(ValueError, match="limit"):
        pack("xin chào", limit=0)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("aăâeêđ ôơư ĐỔ. ,:;!?–—“”()\n\t1"), max_size=400),
    limit=st.integers(min_value=1, max_value=120),
)
def test_pack_properties(text: str, limit: int) -> None:
    chunks = pack(text, limit)
    assert all(0 < len(chunk) <= limit for chunk in chunks)
    assert all(chunk == chunk.strip() for chunk in chunks)
    assert "".join(no_spaces(chunk) for chunk in chunks) == no_spaces(text)


# one request, many requests ------------------------------------------------------------------------------


def test_one_chunk_is_one_request_and_valid_frames(
    mocked: responses.RequestsMock, make_voice: Callable[..., GTTSVoice]
) -> None:
    mocked.post(URL, body=reply(GOOD))
    audio = make_voice().synthesize("Xin chào các bạn.", ARTICLE_FORMAT)

    assert len(mocked.calls) == 1
    assert audio == bare(GOOD)
    assert audio_bytes(audio, ARTICLE_FORMAT)[1] == len(frames(GOOD)) > 0
    assert sent(mocked.calls[0].request)[:2] == ["Xin chào các bạn.", "vi"]


def test_long_sentence_is_several_requests_joined_in_order(
    mocked: responses.RequestsMock, make_voice: Callable[..., GTTSVoice]
) -> None:
    chunks = pack(SENTENCE)
    # Distinct lengths, so the order of the joined audio can be checked; the first chunk answers last.
    audio_of = {chunk: mp3(0.2 * (i + 1), frequency=300 + 100 * i) for i, chunk in enumerate(chunks)}
    delay_of = {chunk: 0.05 * (len(chunks) - i) for i, chunk in enumerate(chunks)}

    def answer(request: Any) -> tuple[int, dict[str, str], str]:
        text = sent(request)[0]
        time.sleep(delay_of[text])
        return 200, {}, reply(audio_of[text])

    mocked.add_callback(responses.POST, URL, callback=answer)
    audio = make_voice().synthesize(SENTENCE, ARTICLE_FORMAT)

    assert sorted(sent(call.request)[0] for call in mocked.calls) == sorted(chunks)
    assert audio == b"".join(bare(audio_of[chunk]) for chunk in chunks)
    assert audio_bytes(audio, ARTICLE_FORMAT)[1] == sum(len(frames(audio_of[c])) for c in chunks)


def test_sequential_when_the_cap_is_one(
    mocked: responses.RequestsMock, make_voice: Callable[..., GTTSVoice]
) -> None:
    chunks = pack(SENTENCE)
    audio_of = {chunk: mp3(0.1 * (i + 1)) for i, chunk in enumerate(chunks)}
    mocked.add_callback(responses.POST, URL, callback=lambda r: (200, {}, reply(audio_of[sent(r)[0]])))

    audio = make_voice(max_concurrency=1).synthesize(SENTENCE, ARTICLE_FORMAT)

    assert [sent(call.request)[0] for call in mocked.calls] == chunks
    assert audio == b"".join(bare(audio_of[chunk]) for chunk in chunks)


def test_language_and_tld_are_honoured(
    mocked: responses.RequestsMock, make_voice: Callable[..., GTTSVoice]
) -> None:
    mocked.post(
        re.compile(r"https://translate\.google\.com\.vn/_/TranslateWebserverUi/data/batchexecute"),
        body=reply(GOOD),
    )
    make_voice(tld="com.vn", lang="vi").synthesize("Xin chào.", ARTICLE_FORMAT)
    assert str(mocked.calls[0].request.url).startswith("https://translate.google.com.vn/")
    text, lang, *_ = sent(mocked.calls[0].request)
    assert (text, lang) == ("Xin chào.", "vi")


def test_punctuation_only_chunks_are_not_sent(
    mocked: responses.RequestsMock, make_voice: Callable[..., GTTSVoice]
) -> None:
    mocked.post(URL, body=reply(GOOD))
    audio = make_voice().synthesize("a" * 100 + " …", ARTICLE_FORMAT)
    assert [sent(call.request)[0] for call in mocked.calls] == ["a" * 100]
    assert audio == bare(GOOD)


@pytest.mark.parametrize("text", ["", "   \n ", "… — !"])
def test_nothing_to_say(
    mocked: responses.RequestsMock, make_voice: Callable[..., GTTSVoice], text: str
) -> None:
    with pytest.raises(VoiceError, match="nothing to say"):
        make_voice().synthesize(text, ARTICLE_FORMAT)
    assert len(mocked.calls) == 0


# how requests are sent -----------------------------------------------------------------------------------


class RecordingSession(requests.Session):
    made = 0

    def __init__(self) -> None:
        super().__init__()
        type(self).made += 1
        self.sends: list[dict[str, Any]] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.sends.append(kwargs)
        return super().send(request, **kwargs)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in (
        "REQUESTS_CA_BUNDLE",
        "CURL_CA_BUNDLE",
        "HTTPS_PROXY",
        "https_proxy",
        "NO_PROXY",
        "no_proxy",
    ):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_timeout_and_verification_are_passed_to_send(
    mocked: responses.RequestsMock, make_voice: Callable[..., GTTSVoice], clean_env: pytest.MonkeyPatch
) -> None:
    sessions: list[RecordingSession] = []

    def factory() -> RecordingSession:
        session = RecordingSession()
        session.verify = False  # a session that turns verification off does not get its way
        sessions.append(session)
        return session

    clean_env.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    mocked.post(URL, body=reply(GOOD))
    make_voice(timeout=(1.5, 4.0), session_factory=factory).synthesize("Xin chào.", ARTICLE_FORMAT)

    (kwargs,) = sessions[0].sends
    assert kwargs["timeout"] == (1.5, 4.0)
    assert kwargs["verify"] is True
    assert kwargs["proxies"]["https"] == "http://proxy.example:3128"  # from the environment, as requests does
    adapter_kwargs = transport_kwargs(mocked)
    assert (adapter_kwargs["timeout"], adapter_kwargs["verify"]) == ((1.5, 4.0), True)


def test_a_ca_bundle_from_the_environment_is_used_for_verification(
    mocked: responses.RequestsMock, make_voice: Callable[..., GTTSVoice], clean_env: pytest.MonkeyPatch
) -> None:
    clean_env.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/corporate.pem")
    mocked.post(URL, body=reply(GOOD))
    make_voice(timeout=2.0).synthesize("Xin chào.", ARTICLE_FORMAT)
    kwargs = transport_kwargs(mocked)
    assert (kwargs["timeout"], kwargs["verify"]) == (2.0, "/etc/ssl/certs/corporate.pem")


def test_sessions_are_reused_and_never_more_than_the_cap(
    mocked: responses.RequestsMock, make_voice: Callable[..., GTTSVoice]
) -> None:
    RecordingSession.made = 0
    mocked.post(URL, body=reply(GOOD))
    voice = make_voice(max_concurrency=2, session_factory=RecordingSession)
    for _ in range(5):
        voice.synthesize("Xin chào.", ARTICLE_FORMAT)
    voice.synthesize(SENTENCE, ARTICLE_FORMAT)
    voice.close()
    assert len(mocked.calls) == 5 + 3
    assert 1 <= RecordingSession.made <= 2


# faults that are retried ---------------------------------------------------------------------------------

NO_AUDIO = ')]}\'\n\n[["wrb.fr","jQ1olc",null,null,null,[3],"generic"],["di",42]]\n'
FAULTS: dict[str, dict[str, Any]] = {
    "429": {"status": 429, "body": "slow down"},
    "500": {"status": 500, "body": "oops"},
    "502": {"status": 502, "body": ""},
    "503": {"status": 503, "body": "unavailable"},
    "connection reset": {"body": requests.exceptions.ConnectionError("Connection reset by peer")},
    "reset mid-body": {"body": requests.exceptions.ChunkedEncodingError("Connection broken: IncompleteRead")},
    "read timeout": {"body": requests.exceptions.ReadTimeout("read timed out")},
    "connect timeout": {"body": requests.exceptions.ConnectTimeout("connect timed out")},
    "empty 200": {"body": ""},
    "200 without audio": {"body": NO_AUDIO},
    "200 without the rpc": {"body": ')]}\'\n\n[["di",42]]\n'},
    "empty audio": {"body": reply(b"")},
    "garbage base64": {"body": reply(b"").replace('[\\"', '[\\"!!not*base64', 1)},
    "not mp3": {"body": reply(b"<html>captcha</html>" * 20)},
    "truncated mp3": {"body": reply(GOOD[:-50])},
    "wrong format mp3": {"body": reply(mp3(0.3, sample_rate=44100, bitrate=128))},
}


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
def test_a_fault_is_retried_and_the_listener_gets_audio(
    mocked: responses.RequestsMock,
    make_voice: Callable[..., GTTSVoice],
    sleeps: list[float],
    fault: dict[str, Any],
) -> None:
    mocked.post(URL, **fault)
    mocked.post(URL, body=reply(GOOD))
    audio = make_voice().synthesize("Xin chào.", ARTICLE_FORMAT)
    assert audio == bare(GOOD)
    assert len(mocked.calls) == 2
    assert len(sleeps) == 1 and 0 <= sleeps[0] <= 0.5


def test_backoff_grows_and_is_capped(
    mocked: responses.RequestsMock, make_voice: Callable[..., GTTSVoice], sleeps: list[float]
) -> None:
    mocked.post(URL, status=500)
    voice = make_voice(retries=6, backoff=0.5, max_backoff=5.0, rng=UpperBound())
    with pytest.raises(VoiceError):
        voice.synthesize("Xin chào.", ARTICLE_FORMAT)
    assert sleeps == [0.5, 1.0, 2.0, 4.0, 5.0, 5.0]


def test_backoff_has_full_jitter(
    mocked: responses.RequestsMock, make_voice: Callable[..., GTTSVoice], sleeps: list[float]
) -> None:
    mocked.post(URL, status=503)
    with pytest.raises(VoiceError):
        make_voice(retries=8, backoff=0.5, max_backoff=4.0, rng=random.Random(1)).synthesize(
            "Xin.", ARTICLE_FORMAT
        )
    bounds = [min(4.0, 0.5 * 2**attempt) for attempt in range(8)]
    assert len(sleeps) == 8
    assert all(0 <= slept <= bound for slept, bound in zip(sleeps, bounds, strict=True))
    assert len(set(sleeps)) == 8 and sum(sleeps) < sum(bounds)  # drawn, not fixed


@pytest.mark.parametrize(
    ("status", "retry_after", "slept"),
    [
        (429, "2", 2.0),
        (503, "1.5", 1.5),
        (429, "120", 8.0),  # capped at max_backoff
        (429, "0", 0.0),
        (500, "2", None),  # only 429 and 503 carry a meaningful Retry-After
        (429, "Wed, 21 Oct 2015 07:28:00 GMT", None),  # not numeric: ordinary backoff
        (429, "-3", None),
    ],
)
def test_retry_after_is_honoured(
    mocked: responses.RequestsMock,
    make_voice: Callable[..., GTTSVoice],
    sleeps: list[float],
    status: int,
    retry_after: str,
    slept: float | None,
) -> None:
    mocked.post(URL, status=status, headers={"Retry-After": retry_after})
    mocked.post(URL, body=reply(GOOD))
    make_voice(backoff=0.25, rng=UpperBound()).synthesize("Xin chào.", ARTICLE_FORMAT)
    assert sleeps == [0.25 if slept is None else slept]


# faults that persist, or are not worth retrying ----------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (FAULTS["503"], r"HTTP 503 .*translate\.google\.com"),
        (FAULTS["429"], "HTTP 429"),
        (FAULTS["read timeout"], "timed out"),
        (FAULTS["connection reset"], "connection to translate.google.com failed"),
        (FAULTS["200 without audio"], "no audio"),
        (FAULTS["empty 200"], "no audio"),
        (FAULTS["garbage base64"], "bad audio.*base64"),
        (FAULTS["not mp3"], "bad audio"),
        (FAULTS["wrong format mp3"], "bad audio.*44100"),
    ],
)
def test_persistent_failure_raises_after_retries_plus_one(
    mocked: responses.RequestsMock,
    make_voice: Callable[..., GTTSVoice],
    sleeps: list[float],
    fault: dict[str, Any],
    message: str,
) -> None:
    mocked.post(URL, **fault)
    with pytest.raises(VoiceError, match=message) as raised:
        make_voice(retries=2).synthesize("Xin chào.", ARTICLE_FORMAT)
    assert "gave up after 3 attempts" in str(raised.value)
    assert len(mocked.calls) == 3
    assert len(sleeps) == 2


def test_no_retries(
    mocked: responses.RequestsMock, make_voice: Callable[..., GTTSVoice], sleeps: list[float]
) -> None:
    mocked.post(URL, status=500)
    with pytest.raises(VoiceError, match="gave up after 1 attempt$"):
        make_voice(retries=0).synthesize("Xin chào.", ARTICLE_FORMAT)
    assert len(mocked.calls) == 1 and sleeps == []


@pytest.mark.parametrize("status", [400, 403, 404])
def test_client_errors_are_not_retried(
    mocked: responses.RequestsMock, make_voice: Callable[..., GTTSVoice], sleeps: list[float], status: int
) -> None:
    mocked.post(URL, status=status)
    mocked.post(URL, body=reply(GOOD))
    with pytest.raises(VoiceError, match=f"HTTP {status} .*not retried"):
        make_voice().synthesize("Xin chào.", ARTICLE_FORMAT)
    assert len(mocked.calls) == 1 and sleeps == []


def test_certificate_failure_is_not_retried(
    mocked: responses.RequestsMock, make_voice: Callable[..., GTTSVoice], sleeps: list[float]
) -> None:
    mocked.post(URL, body=requests.exceptions.SSLError("certificate verify failed"))
    with pytest.raises(VoiceError, match="TLS failure.*certificate verify failed"):
        make_voice().synthesize("Xin chào.", ARTICLE_FORMAT)
    assert len(mocked.calls) == 1 and sleeps == []


def test_one_failing_chunk_fails_the_whole_text(
    mocked: responses.RequestsMock, make_voice: Callable[..., GTTSVoice]
) -> None:
    failing = pack(SENTENCE)[1]

    def answer(request: Any) -> tuple[int, dict[str, str], str]:
        return (403, {}, "") if sent(request)[0] == failing else (200, {}, reply(GOOD))

    mocked.add_callback(responses.POST, URL, callback=answer)
    with pytest.raises(VoiceError, match="HTTP 403"):
        make_voice().synthesize(SENTENCE, ARTICLE_FORMAT)


def test_a_failed_text_does_not_wait_for_its_other_chunks(mocked: responses.RequestsMock) -> None:
    chunks = pack(SENTENCE)
    mocked.add_callback(
        responses.POST, URL, callback=lambda r: (403, {}, "") if sent(r)[0] == chunks[0] else (500, {}, "")
    )
    released = threading.Event()

    def backing_off(seconds: float) -> None:
        released.wait(120)  # the other chunks back off until the test lets them go

    voice = GTTSVoice(sleep=backing_off, rng=random.Random(1))
    raised: list[Exception] = []

    def synthesize() -> None:
        try:
            voice.synthesize(SENTENCE, ARTICLE_FORMAT)
        except Exception as error:  # handed to the test thread
            raised.append(error)

    caller = threading.Thread(target=synthesize)
    caller.start()
    caller.join(timeout=30)  # a deadline for the event, far below the held back-off
    finished = not caller.is_alive()
    released.set()
    caller.join()
    assert finished, "synthesize() waited for chunks that were still backing off"
    assert len(raised) == 1 and isinstance(raised[0], VoiceError) and "HTTP 403" in str(raised[0])
    for thread in threading.enumerate():
        if thread.name.startswith("readable-gtts"):
            thread.join(timeout=5)
    texts = [sent(call.request)[0] for call in mocked.calls]
    assert all(texts.count(chunk) <= 1 for chunk in chunks)  # abandoned, not retried


@pytest.mark.parametrize(
    "options",
    [
        {"tld": "com/evil"},
        {"lang": ""},
        {"retries": -1},
        {"max_concurrency": 0},
        {"timeout": 0},
        {"backoff": -1},
    ],
)
def test_bad_arguments(options: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        GTTSVoice(**options)


# the concurrency cap -------------------------------------------------------------------------------------


class InFlight:
    """A reply callback that counts the requests being answered at the same moment."""

    def __init__(self, hold: float = 0.03) -> None:
        self.hold = hold
        self.now = 0
        self.most = 0
        self.lock = threading.Lock()

    def __call__(self, request: Any) -> tuple[int, dict[str, str], str]:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        time.sleep(self.hold)
        with self.lock:
            self.now -= 1
        return 200, {}, reply(GOOD)


def test_concurrency_is_capped_across_callers(
    mocked: responses.RequestsMock, make_voice: Callable[..., GTTSVoice]
) -> None:
    in_flight = InFlight()
    mocked.add_callback(responses.POST, URL, callback=in_flight)
    voice = make_voice(max_concurrency=3)
    start = threading.Barrier(10)
    results: list[bytes] = []

    def listener() -> None:
        start.wait()
        results.append(voice.synthesize(SENTENCE, ARTICLE_FORMAT))  # three chunks each

    threads = [threading.Thread(target=listener) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert len(mocked.calls) == 30
    assert in_flight.most == 3  # never more, and the cap is actually reached
    assert results == [bare(GOOD) * 3] * 10


def test_chunks_of_one_text_share_the_cap(
    mocked: responses.RequestsMock, make_voice: Callable[..., GTTSVoice]
) -> None:
    in_flight = InFlight()
    mocked.add_callback(responses.POST, URL, callback=in_flight)
    make_voice(max_concurrency=2).synthesize(LONG_WORDS + " " + LONG_WORDS, ARTICLE_FORMAT)
    assert len(mocked.calls) == 7
    assert in_flight.most == 2


# the real service ----------------------------------------------------------------------------------------


def _google_reachable() -> bool:
    try:
        socket.create_connection(("translate.google.com", 443), timeout=2).close()
    except OSError:
        return False
    return True


@pytest.mark.net
def test_real_service() -> None:
    if not _google_reachable():
        pytest.skip("translate.google.com:443 cannot be reached")
    voice = GTTSVoice()
    audio = voice.synthesize("Xin chào, đây là bài kiểm tra giọng đọc tiếng Việt.", ARTICLE_FORMAT)
    voice.close()
    assert audio_bytes(audio, ARTICLE_FORMAT)[1] > 10
