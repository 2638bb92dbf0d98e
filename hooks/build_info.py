"""MkDocs hook: replace {{ build_machine }} with facts about the build machine.

Every listing is run and every number measured when the site is built, so
each page that quotes results can say where that happened.
"""

import datetime
import os
import platform
import sysconfig
from importlib import metadata

TOKEN = "{{ build_machine }}"

LABELS = {
    "en": {
        "title": ("What", "This build"),
        "cpu": "CPU",
        "cores": "Logical cores (usable by this build)",
        "os": "Operating system",
        "python": "Python",
        "packages": "NumPy / PyTorch",
        "date": "Built on",
        "gil": "with the GIL",
        "free": "free-threaded",
    },
    "zh": {
        "title": ("项目", "本次构建"),
        "cpu": "CPU",
        "cores": "逻辑核心数(本次构建可用)",
        "os": "操作系统",
        "python": "Python",
        "packages": "NumPy / PyTorch",
        "date": "构建日期",
        "gil": "带 GIL",
        "free": "自由线程(free-threaded)",
    },
}


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def version(package):
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "—"


def machine_table(language):
    label = LABELS[language]
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    build = label["free"] if sysconfig.get_config_var("Py_GIL_DISABLED") else label["gil"]
    rows = [
        label["title"],
        ("---", "---"),
        (label["cpu"], cpu_model()),
        (label["cores"], f"{os.cpu_count()} ({usable})"),
        (label["os"], platform.platform()),
        (label["python"], f"{platform.python_version()} ({platform.python_implementation()}, {build})"),
        (label["packages"], f"{version('numpy')} / {version('torch')}"),
        (label["date"], datetime.date.today().isoformat()),
    ]
    return "\n".join(f"| {key} | {value} |" for key, value in rows)


def on_page_markdown(markdown, page, config, files):
    if TOKEN in markdown:
        markdown = markdown.replace(TOKEN, machine_table(config["theme"]["language"]))
    return markdown
