"""Generation on a job queue (RQ on Redis): web nodes enqueue, ``flask readable worker`` processes make audio.

Chosen with ``READABLE_REDIS_URL``. A job's id is derived from the audio key and a Redis ``SET NX`` guards the
enqueue, so many web nodes asking for one article queue it once; the worker's file lock on the key and its
check for finished audio make a job that runs twice make the audio once. Progress (sentences done) is kept in
Redis for the player. When Redis cannot be reached, the web node makes the audio itself and says so in the
log: readers still get audio.
"""

from __future__ import annotations

import logging
from typing import Any

from .audio.types import Meta
from .logs import event

QUEUE_NAME = "readable"
#: How long the enqueue guard and progress are kept (seconds).
TTL = 3600


class QueueUnavailable(Exception):
    """Redis could not be reached."""


class AudioQueue:
    def __init__(
        self, url: str, *, name: str = QUEUE_NAME, retries: int = 3, job_timeout: int = 1800
    ) -> None:
        self.url = url
        self.name = name
        self.retries = retries
        self.job_timeout = job_timeout
        self._redis: Any = None

    @property
    def redis(self) -> Any:
        if self._redis is None:
            from redis import Redis

            self._redis = Redis.from_url(self.url, socket_connect_timeout=1, socket_timeout=5)
        return self._redis

    def queue(self) -> Any:
        from rq import Queue

        return Queue(self.name, connection=self.redis, default_timeout=self.job_timeout)

    def enqueue(self, key: str) -> bool:
        """Queue the generation of ``key`` unless it is queued already; ``QueueUnavailable`` if Redis is down.

        Returns whether a job was queued by this call.
        """
        from redis.exceptions import RedisError
        from rq import Retry

        try:
            if not self.redis.set(f"readable:queued:{key}", 1, nx=True, ex=TTL):
                return False
            self.queue().enqueue(
                "readable.queue.generate_job",
                key,
                job_id=f"readable-{key}",
                # A worker that died mid-job is retried at once; a job that failed again waits longer.
                retry=Retry(max=self.retries, interval=[0, 10, 60][: self.retries]),
                result_ttl=TTL,
                failure_ttl=24 * TTL,
            )
        except RedisError as error:
            raise QueueUnavailable(str(error)) from error
        return True

    def progress(self, key: str) -> Meta | None:
        """``{"state": "queued" | "generating", "done": n, "total": n}`` while a worker has it, else None."""
        from redis.exceptions import RedisError

        try:
            queued, progress = self.redis.mget(f"readable:queued:{key}", f"readable:progress:{key}")
        except RedisError:
            return None
        if progress:
            done, total = (int(x) for x in progress.split())
            return {"state": "generating", "done": done, "total": total}
        return {"state": "queued"} if queued else None

    def report(self, key: str, done: int, total: int) -> None:
        self.redis.set(f"readable:progress:{key}", f"{done} {total}", ex=TTL)

    def finished(self, key: str, made: bool) -> None:
        pipe = self.redis.pipeline()
        pipe.delete(f"readable:queued:{key}", f"readable:progress:{key}")
        if made:
            pipe.incr(f"readable:made:{key}")
            pipe.expire(f"readable:made:{key}", 24 * TTL)
        pipe.execute()


def generate_job(key: str) -> str:
    """The job a worker runs: make ``key``'s audio in this process (inside the app the worker was started
    for), publishing progress. Raises on failure, so RQ retries it."""
    from .state import get_state

    service = get_state().audio
    if service is None or service.queue is None:
        raise RuntimeError("audio is off in this application, or it has no queue")
    if not service.owns(key):
        raise RuntimeError(f"{key} is not registered with this worker's voices (READABLE_VOICES)")
    queue = service.queue
    service.jobs.on_progress = queue.report
    try:
        outcome = service.make(key)
    except Exception:
        queue.redis.delete(f"readable:progress:{key}", f"readable:queued:{key}")
        raise
    queue.finished(key, made=outcome == "made")
    event(logging.INFO, "job", key=key, outcome=outcome)
    return outcome
