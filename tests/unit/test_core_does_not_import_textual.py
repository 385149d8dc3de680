import subprocess
import sys


def test_importing_the_core_does_not_import_textual():
    code = (
        "import sys\n"
        "import workspace.store.workspace, workspace.ingest.add, workspace.translate.jobs\n"
        "import workspace.compare, workspace.compare.view, workspace.compare.report\n"
        "import workspace.cli\n"
        "assert 'textual' not in sys.modules, sorted(m for m in sys.modules if 'textual' in m)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
