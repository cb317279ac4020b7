"""Telephony: PBX extensions, cross-connect blocks, multi-pair cables, jumpers and carrier lines.

The site format's ``telephony:`` section is loaded by :mod:`cabling.telephony.load` into ordinary
devices, ports and cables, so the trace (:mod:`cabling.analysis.trace`) follows one pair with its
usual rules:

* a **block** (110, 66, LSA-PLUS) is a device with a front port per pair, ``ROW.PAIR``
  (``3.7``): the cross-connect side, where jumpers are punched;
* a cable punched down on a block lands on its **cable side**: a rear port per landing,
  named after the pairs it covers (``1.1-2.25``, or ``3.7`` for one pair), whose positions
  are the cable's pairs, so a 50-pair riser is one cable whose pair 7 is position 7;
* a **jumper** is a cable between two pairs' cross-connect sides;
* a **carrier line** at the demarcation point is a circuit whose side A is the carrier's
  drop on the demarc block pair(s) and whose side Z is the carrier's network.

What is only telephony (extension numbers, lines' numbers, which cable pair lies where) is
kept in a :class:`~cabling.telephony.model.Telephony` on ``Inventory.telephony``.
"""
