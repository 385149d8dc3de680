"""The job bar while another process runs a job on a Ray cluster: each worker's count."""

from __future__ import annotations

import subprocess
import sys

from textual.widgets import Static

from tests.conftest import add_text
from tests.tui.conftest import settle
from workspace.store import db as database
from workspace.translate import jobs
from workspace.translate.workers import register_workers, update_worker
from workspace.tui.app import make_app


async def test_the_job_bar_shows_each_ray_worker_of_a_run_elsewhere(ws):
    add_text(ws, "s", "Наводнение в Алматы в субботу. Погибли два человека.", "Agency", "ru")
    driver = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        jobs.queue_jobs(ws, jobs.plan_translation(ws, ["s"]))
        with database.transaction(ws.db):
            ws.db.execute("UPDATE jobs SET state = 'running', pid = ?, done = 1, total = 2",
                          (driver.pid,))  # fmt: skip
        register_workers(ws, driver.pid, [("w1", "node-a", 11, "cpu"), ("w2", "node-b", 12, "cpu")])
        with database.transaction(ws.db):
            update_worker(ws.db, driver.pid, "w1", sentences=40)
            update_worker(ws.db, driver.pid, "w2", sentences=38)
        app = make_app(ws, "s")
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)
            app._check_signature()
            await settle(pilot)
            label = str(app.screen.query_one("#job-label", Static).render())
            assert "a Ray run is translating (w1 40, w2 38): 1/2" in label
    finally:
        driver.kill()
        driver.wait()
