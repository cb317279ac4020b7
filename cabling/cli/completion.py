"""``cabling completion bash|zsh|fish``: shell completion, through argcomplete.

The script it prints makes the shell ask ``cabling`` itself for candidates: commands and options
from the parser, site files for ``PATH`` arguments, and for references (``trace``, ``impact``,
``find``, ``ports --device``) the devices, ports and cables of the site files already on the line,
read through the content-keyed cache (:mod:`cabling.cli.complete`).
"""
from __future__ import annotations

import sys

from .common import EXIT_OK

SHELLS = ("bash", "zsh", "fish")

def register(sub, groups) -> None:
    p = sub.add_parser("completion", help="print the shell completion script",
                       description="Print the script that completes cabling's commands, options, site files and, "
                                   "after the site files, their devices, ports and cables. Install it once: see "
                                   "the examples (bash: in ~/.bashrc; zsh: in ~/.zshrc, after compinit).")
    p.add_argument("shell", choices=SHELLS, help="the shell: bash, zsh or fish")
    p.set_defaults(func=run)


def run(args) -> int:
    import argcomplete

    sys.stdout.write(argcomplete.shellcode(["cabling"], shell=args.shell))
    return EXIT_OK


def _refs(prefix, parsed_args, **_kwargs):
    from .complete import references, site_paths

    words = getattr(parsed_args, "args", None) or getattr(parsed_args, "paths", None) or []
    paths = site_paths(words)
    found = references(paths, prefix)
    if paths and found:
        return found
    return _files(prefix)


def _files(prefix, **_kwargs):
    from argcomplete.completers import FilesCompleter

    return list(FilesCompleter(allowednames=("yaml", "yml"), directories=True)(prefix))


def _devices(prefix, parsed_args, **_kwargs):
    from .complete import references, site_paths

    return [r for r in references(site_paths(getattr(parsed_args, "paths", None) or []), prefix) if ":" not in r]


def attach(leaves) -> None:
    """Give the commands' arguments their completers (argcomplete reads ``action.completer``)."""
    for _name, parser in leaves:
        for action in parser._actions:
            if action.dest == "args":
                action.completer = _refs
            elif action.dest == "paths":
                action.completer = _files
            elif action.dest == "device":
                action.completer = _devices


def autocomplete(parser) -> None:
    """Answer the shell's completion request, when this process is one (argcomplete exits), else nothing."""
    import os

    if "_ARGCOMPLETE" not in os.environ:
        return
    import argcomplete

    from . import _leaves

    attach(_leaves(parser))
    argcomplete.autocomplete(parser)
