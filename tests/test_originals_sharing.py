"""Prove, for each original listing of the Sharing chapter, what is wrong
with it. Each test runs the original's own text under each start method,
through a small wrapper that only supplies what the test needs (a missing
import, a child that dies before it sends), and checks what a reader of the
original would not expect."""

import pytest

from originals import ORIGINALS, proves
from runner import START_METHODS, run_script

PIPE = "003_sharing_pipe.py"
VALUE_ARRAY = "003_sharing_value_array.py"

# The child's end of the pipe, in a child that dies before it sends: as if
# it crashed, or the out-of-memory killer ended it. The parent's copy of the
# real end stays open until the parent closes it.
DYING_PIPE = '''
import multiprocessing
import os

real_pipe = multiprocessing.Pipe


class DiesBeforeSending:
    def __init__(self, conn):
        self.conn = conn

    def send(self, obj):
        os._exit(1)  # the child ends here, before anything is sent

    def close(self):
        self.conn.close()


def pipe(duplex=True):
    parent_end, child_end = real_pipe(duplex)
    return parent_end, DiesBeforeSending(child_end)
'''

PIPE_WRAPPER = '''
import multiprocessing
import runpy

import dying_pipe

multiprocessing.Pipe = dying_pipe.pipe  # what `from multiprocessing import Pipe` gets
runpy.run_path({path!r}, run_name="__main__")
'''

VALUE_ARRAY_WRAPPER = '''
import multiprocessing
import runpy

# Supply the import the listing leaves out; run its own lines otherwise.
runpy.run_path({path!r}, init_globals={{"Array": multiprocessing.Array}}, run_name="__main__")
'''


def run_wrapped(tmp_path, wrapper: str, path, method=None, timeout=60):
    script = tmp_path / "run_original.py"
    script.write_text(wrapper.format(path=str(path)), encoding="utf-8")
    (tmp_path / "dying_pipe.py").write_text(DYING_PIPE, encoding="utf-8")
    return run_script(script, tmp_path, method=method, timeout=timeout)


# --- 003: Pipe ------------------------------------------------------------------

@pytest.mark.parametrize("method", START_METHODS)
def test_003_pipe_prints_what_its_comment_says(tmp_path, method):
    """Not a defect: the child sends [1, 2, 3] and the parent prints it."""
    run = run_script(ORIGINALS / PIPE, tmp_path, method=method)
    assert run.returncode == 0 and not run.stderr, run.stderr
    assert run.stdout == "[1, 2, 3]\n", run.stdout
    assert '# prints "[1, 2, 3]"' in (ORIGINALS / PIPE).read_text(encoding="utf-8")


@proves(PIPE, en="if the child dies before it sends, recv() waits forever instead of raising "
                 "EOFError: the parent never closes its copy of child_conn",
        zh="子进程如果在发送之前就退出，recv() 会一直等下去，而不是抛出 EOFError："
           "父进程从不关闭自己手里的 child_conn")
@pytest.mark.parametrize("method", START_METHODS)
def test_003_pipe_recv_hangs_when_the_child_dies_before_sending(tmp_path, method):
    run = run_wrapped(tmp_path, PIPE_WRAPPER, ORIGINALS / PIPE, method, timeout=5)
    assert run.returncode is None, (  # killed by the harness at the timeout
        f"expected recv() to hang; exit status {run.returncode}\n{run.stdout}{run.stderr}")
    assert run.stdout == "", run.stdout


@pytest.mark.parametrize("method", START_METHODS)
def test_003_pipe_with_child_conn_closed_raises_eof_error(tmp_path, method):
    """The same listing and the same dying child, with one line added after
    p.start(): the parent closes its copy of child_conn, and recv() raises
    EOFError at once instead of hanging."""
    source = (ORIGINALS / PIPE).read_text(encoding="utf-8")
    fixed = source.replace("    p.start()\n", "    p.start()\n    child_conn.close()\n")
    assert fixed != source
    path = tmp_path / "pipe_closed.py"
    path.write_text(fixed, encoding="utf-8")
    run = run_wrapped(tmp_path, PIPE_WRAPPER, path, method, timeout=30)
    assert run.returncode == 1, run.stdout + run.stderr
    assert run.stderr.splitlines()[-1] == "EOFError", run.stderr


# --- 003: Value and Array ----------------------------------------------------------

@proves(VALUE_ARRAY, en="as printed it cannot run: NameError, Array is never imported",
        zh="照原样运行不了：没有导入 Array，抛出 NameError")
def test_003_value_array_as_printed_raises_name_error(tmp_path):
    run = run_script(ORIGINALS / VALUE_ARRAY, tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    assert run.stderr.splitlines()[-1] == "NameError: name 'Array' is not defined", run.stderr
    assert run.stdout == "", run.stdout


@proves(VALUE_ARRAY, en="with Array imported it prints [0, -1, -2, ..., -9], a list, not the "
                        "array('i', [-1, -1, ...]) its comment promises",
        zh="补上 Array 的导入后，打印的是列表 [0, -1, -2, ..., -9]，"
           "而不是注释所说的 array('i', [-1, -1, ...])")
@pytest.mark.parametrize("method", START_METHODS)
def test_003_value_array_prints_other_than_its_comment(tmp_path, method):
    run = run_wrapped(tmp_path, VALUE_ARRAY_WRAPPER, ORIGINALS / VALUE_ARRAY, method)
    assert run.returncode == 0 and not run.stderr, run.stderr
    num, arr = run.stdout.splitlines()
    assert num == "3.1415927"  # this line is as its comment says
    comment = "array('i', [-1, -1, -1, -1, -1, -1, -1, -1, -1, -1])"
    assert f"# prints {comment}" in (ORIGINALS / VALUE_ARRAY).read_text(encoding="utf-8")
    assert arr != comment, arr
    assert arr == "[0, -1, -2, -3, -4, -5, -6, -7, -8, -9]", arr
