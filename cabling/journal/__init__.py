"""Cable journals: the spreadsheets (a row per outlet) most branches keep their cabling in.

* :mod:`.columns` recognises a journal's headers in English and Russian (or by ``--map``);
* :mod:`.shorthand` reads what people write in them (``PP2-17``, ``Gi1/0/17``, ``2.14``, ``35,5 м``);
* :mod:`.reader` reads XLSX (openpyxl) and CSV (any delimiter and encoding a spreadsheet writes);
* :mod:`.build` turns the rows into a site file and a report of what it could not use;
* :mod:`.writer` writes a site's outlets back as a journal (XLSX or CSV), as a technician walks the floor.
"""
