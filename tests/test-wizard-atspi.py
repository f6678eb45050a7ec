#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a screen reader receives from the real wizard, through AT-SPI.

Runs `fingerpost --demo` and works it with the keyboard only (key events through the
accessibility registry), recording the events a screen reader gets. On every page it walks the
accessible tree: each focusable object has one clean name (no mnemonic underscore, no word
group said twice, no toolkit type name), the page title is a heading, password fields are
password text whose content cannot be read, every field typed into reports the focus, and an
error is linked to its field and said when the focus lands there. TAP output.
"""

import os
import re
import subprocess
import sys
import time

import pyatspi
from gi.repository import GLib

FINGERPOST = sys.argv[1]
PASSWORD = "abc123"
# How long one step may take, stretched as the C tests' limits are (tests/fp-test-util.c).
STEP_S = 20 * int(os.environ.get("FINGERPOST_TEST_SLOWDOWN", "1"))
TYPE_NAME = re.compile(r"\b(Gtk|Adw|Fp)[A-Z]\w+")

results = []
events = []


def ok(condition, description, detail="", todo=None):
    results.append((bool(condition), description, detail, todo))


def on_event(event):
    try:
        role = event.source.getRoleName()
        name = event.source.name or ""
    except Exception:  # the object may be gone already
        role, name = "?", ""
    data = event.any_data if event.type.startswith("object:text-changed") else None
    events.append((event.type, role, name, event.detail1, data))


def app():
    desktop = pyatspi.Registry.getDesktop(0)
    for candidate in desktop:
        if candidate is not None and candidate.name == "fingerpost":
            return candidate
    return None


def walk(root):
    stack = [root]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        yield node
        try:
            stack.extend(node[i] for i in range(node.childCount - 1, -1, -1))
        except Exception:
            pass


def states(node):
    try:
        return node.getState()
    except Exception:
        return None


def showing(node):
    s = states(node)
    return s is not None and s.contains(pyatspi.STATE_SHOWING) and s.contains(pyatspi.STATE_VISIBLE)


def focused():
    root = app()
    if root is None:
        return None
    for node in walk(root):
        s = states(node)
        if s is not None and s.contains(pyatspi.STATE_FOCUSED):
            return node
    return None


def name_problem(name):
    """Why an accessible name is not clean, or None."""
    if not name or not name.strip():
        return "no name"
    if "_" in name:
        return "a mnemonic underscore"
    if TYPE_NAME.search(name):
        return "a type name"
    words = name.split()
    for size in range(1, len(words) // 2 + 1):
        for start in range(0, len(words) - 2 * size + 1):
            if words[start:start + size] == words[start + size:start + 2 * size]:
                return "“%s” said twice" % " ".join(words[start:start + size])
    return None


def check_page(page):
    """Every focusable object on screen has one clean name; the page has a heading."""
    root = app()
    bad = []
    headings = []
    for node in walk(root):
        if not showing(node):
            continue
        s = states(node)
        if s is not None and s.contains(pyatspi.STATE_FOCUSABLE):
            problem = name_problem(node.name)
            if problem:
                bad.append("%s %r: %s" % (node.getRoleName(), node.name, problem))
    ok(not bad, "%s: every focusable object has one clean name" % page, "; ".join(bad))
    # GTK 4.8 never sets "showing" on labels: every heading of the pages built so far.
    return [node.name for node in walk(root) if node.getRole() == pyatspi.ROLE_HEADING]


def key(keysym):
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)


def type_text(text):
    for char in text:
        key(ord(char))


TAB, RETURN, SPACE = 0xFF09, 0xFF0D, 0x20


def focus_events():
    return len([e for e in events if e[0] == "object:state-changed:focused" and e[3] == 1])


def tab_to(target):
    """Steps that press Tab until the focus is on an object named @target."""
    for _ in range(30):
        if focused() is not None and focused().name == target:
            return
        seen = focus_events()
        key(TAB)
        yield (lambda: focus_events() > seen, "Tab on towards %s" % target)


def checked(node):
    s = states(node)
    return s is not None and s.contains(pyatspi.STATE_CHECKED)


def relation_targets(node, relation):
    found = []
    for rel in node.getRelationSet():
        if rel.getRelationType() == relation:
            found.extend(rel.getTarget(i) for i in range(rel.getNTargets()))
    return found


def text_of(node):
    try:
        text = node.queryText()
        return text.getText(0, text.characterCount)
    except Exception:
        return ""


def script():
    """The person's steps; each `yield (condition, what)` waits until the condition holds."""
    yield (lambda: app() is not None, "the program appears on the accessibility bus")
    yield (lambda: focused() is not None and focused().name == "Email Address",
           "the first page puts the focus in the address field")
    headings = check_page("address page")
    ok("Add a Mail Account" in headings, "the first page's title is a heading", repr(headings))

    key(TAB)
    yield (lambda: focused() is not None and focused().name == "Your Name",
           "Tab goes from the address to the name field")
    ok(any(e[0] == "object:state-changed:focused" and e[2] == "Your Name" and e[3] == 1
           for e in events), "the name field reports the focus")
    type_text("Alice")
    key(RETURN)

    yield (lambda: focused() is not None and focused().name.startswith("Personal"),
           "the choice of accounts, the first one focused")
    headings = check_page("choice page")
    ok("Choose an Account" in headings, "the choice page's title is a heading", repr(headings))
    key(RETURN)

    yield (lambda: focused() is not None and focused().getRole() == pyatspi.ROLE_PASSWORD_TEXT,
           "the password page puts the focus in the password field, exposed as password text")
    field = focused()
    ok(field.name == "Password", "the password field is named Password", repr(field.name))
    ok(any(e[0] == "object:state-changed:focused" and e[1] == "password text" and e[3] == 1
           for e in events), "the password field reports the focus")
    check_page("password page")
    before = len(events)
    type_text("wrong")
    yield (lambda: field.queryText().characterCount == 5, "five characters typed")
    ok(text_of(field) in ("", "\u2022" * 5, "*" * 5), "the typed password cannot be read back",
       repr(text_of(field)))
    echoed = [e for e in events[before:] if e[0].startswith("object:text-changed")
              and e[1] != "password text"]
    ok(not echoed, "no typed character reaches a screen reader as plain text", repr(echoed))
    key(RETURN)

    yield (lambda: focused() is not None and focused().getRole() == pyatspi.ROLE_PASSWORD_TEXT
           and "did not accept" in (focused().description or ""),
           "a refused password: the focus is back in the field, which is described by the error")
    field = focused()
    described = [t.name for t in relation_targets(field, pyatspi.RELATION_DESCRIBED_BY)]
    ok(any("did not accept" in d for d in described),
       "the password field is linked to its error (described-by)", repr(described))
    type_text(PASSWORD)
    key(RETURN)

    yield (lambda: focused() is not None and focused().name == "Your Name"
           and any(n.getRole() == pyatspi.ROLE_HEADING and n.name == "Review Settings"
                   for n in walk(app())),
           "the review: its title a heading, the focus in its first field")
    check_page("review page")
    # The row's title is a label of the same name; the field itself is password text.
    fields = [n for n in walk(app()) if n.name == "Password for Your Mail"
              and n.getRole() != pyatspi.ROLE_LABEL]
    mail_passwords = [n for n in fields if n.getRole() == pyatspi.ROLE_PASSWORD_TEXT]
    ok(fields and len(fields) == len(mail_passwords),
       "the review's mail password is password text", repr([n.getRoleName() for n in fields]))
    ok(all(text_of(n) in ("", "\u2022" * len(PASSWORD)) for n in mail_passwords),
       "the review's password cannot be read back",
       repr([text_of(n) for n in mail_passwords]))
    ok(not [e for e in events if e[0].startswith("object:text-changed") and PASSWORD in str(e[4])
            and e[1] != "password text"],
       "the password never reached a screen reader as plain text")

    # Tab once round the page: one stop per mail program and for the keyring, the switch
    # itself, named once; Space toggles it.
    stops = []
    while len(stops) < 30 and (not stops or stops[-1][1] != "Your Name"):
        seen = focus_events()
        key(TAB)
        yield (lambda: focus_events() > seen and focused() is not None, "Tab moves the focus")
        stops.append((focused().getRoleName(), focused().name, focused()))
    names = [name for role, name, node in stops]
    ok(stops[-1][1] == "Your Name", "Tab comes round to the name field", repr(names))
    # GTK 4.8 exposes a switch as a check box.
    switches = [(name, node) for role, name, node in stops
                if role in ("switch", "toggle button", "check box")]
    ok("Keep the Password in the Keyring" in [name for name, node in switches],
       "the keyring's switch is a Tab stop of its own, named by its row", repr(names))
    ok(len(set(names)) == len(names), "no name is a Tab stop twice", repr(names))
    ok(not [name for role, name, node in stops
            if role == "list item" and name in [n for n, _ in switches]],
       "no row of a switch is a Tab stop besides its switch",
       repr([(role, name) for role, name, node in stops]))
    for program in ("Evolution", "Thunderbird"):
        ok(program not in names or program in [name for name, node in switches],
           "%s, when listed, is one Tab stop: its switch" % program, repr(names))
    if switches:
        name, switch = switches[0]
        before = checked(switch)
        yield from tab_to(name)
        key(SPACE)
        yield (lambda: checked(switch) != before, "Space toggles the switch %s" % name)
        key(SPACE)
        yield (lambda: checked(switch) == before, "Space toggles it back")
        yield from tab_to("Your Name")
    key(RETURN)

    yield (lambda: any(n.name == "Your Account Is Ready" for n in walk(app())),
           "Enter in the name field sets up the account: the done page")
    check_page("done page")

    # Nothing published: the problem page, then manual setup, by keyboard too.
    restart(["--demo", "bob@mail.example"])
    yield (lambda: app() is None, "the first run has ended")
    yield (lambda: focused() is not None and focused().name == "Email Address"
           and text_of(focused()) == "bob@mail.example", "a new run, with bob@mail.example")
    key(RETURN)
    yield (lambda: focused() is not None and focused().name == "Set Up Manually",
           "nothing published: the focus is on the suggested way on, Set Up Manually")
    ok("by hand" in (focused().description or ""),
       "the focused button is described by what the person can do", repr(focused().description))
    check_page("problem page")
    key(RETURN)
    yield (lambda: focused() is not None and focused().name == "Server",
           "Enter sets up manually: the focus in the incoming server field")
    headings = check_page("manual page")
    ok("Set Up Manually" in headings, "the manual page's title is a heading", repr(headings))
    key(RETURN)
    yield (lambda: focused() is not None and focused().name == "Password for Your Mail",
           "Enter in a field is Next: the review, the focus in the empty mail password")


processes = []


def restart(arguments):
    for process in processes:
        process.terminate()
        process.wait(10)
    processes[:] = [subprocess.Popen([FINGERPOST] + arguments, stdout=subprocess.DEVNULL)]


def run():
    restart(["--demo"])
    steps = script()
    state = {"wait": None, "what": None, "deadline": None}

    def advance():
        try:
            condition, what = next(steps)
        except StopIteration:
            pyatspi.Registry.stop()
            return False
        state.update(wait=condition, what=what, deadline=time.monotonic() + STEP_S)
        return True

    def tick():
        try:
            met = state["wait"]()
        except Exception:
            met = False
        if met:
            ok(True, state["what"])
            return advance()
        if time.monotonic() > state["deadline"]:
            f = focused()
            # What the window says then (an error label, the page's title) tells why.
            try:
                shown = [n.name for n in walk(app())
                         if n.getRole() == pyatspi.ROLE_LABEL and n.name
                         and n.getState().contains(pyatspi.STATE_SHOWING)]
            except Exception:
                shown = []
            ok(False, state["what"], "waited %d s; focus on %s %r; labels shown: %r" % (
                STEP_S, f.getRoleName() if f else None, f.name if f else None, shown[:40]))
            pyatspi.Registry.stop()
            return False
        return True

    pyatspi.Registry.registerEventListener(on_event, "object:state-changed:focused",
                                           "object:text-changed:insert")
    advance()
    GLib.timeout_add(100, tick)
    pyatspi.Registry.start()
    for process in processes:
        process.terminate()
        process.wait(10)


run()
print("1..%d" % len(results))
for number, (passed, description, detail, todo) in enumerate(results, 1):
    print("%s %d - %s%s" % ("ok" if passed else "not ok", number, description,
                            " # TODO %s" % todo if todo else ""))
    if not passed and detail:
        print("# %s" % detail)
sys.exit(0)
