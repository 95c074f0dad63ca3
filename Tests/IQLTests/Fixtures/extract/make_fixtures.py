#!/usr/bin/env python3
"""Builds city.docx and city.gb18030.txt from city.txt (run from this folder).

city.docx is a minimal Word document: each line of city.txt is a w:p paragraph,
cut into several w:r runs (as Word does after edits), with a proofing mark, a
deleted run (w:delText, not text of the document) and a field code (w:instrText).
"""
# national.txt, county.html (its text) and district.txt use full-width punctuation (，；：（）) as
# most reports do; city.txt uses ASCII punctuation, as the built-in report does.
import zipfile
from xml.sax.saxutils import escape

lines = open("city.txt", encoding="utf-8").read().splitlines()

def runs(line):
    # Cut every 7 characters so that words and figures straddle runs.
    parts = [line[i:i + 7] for i in range(0, len(line), 7)] or [""]
    out = []
    for k, part in enumerate(parts):
        out.append('<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r>' % escape(part))
        if k == 0:
            out.append('<w:proofErr w:type="spellStart"/>')
            out.append('<w:del w:id="1" w:author="x"><w:r><w:delText>增长99%</w:delText></w:r></w:del>')
            out.append('<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>')
    return "".join(out)

body = "".join('<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr>%s</w:p>' % runs(l) for l in lines)
document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:body>%s<w:sectPr/></w:body></w:document>' % body)
content_types = ('<?xml version="1.0" encoding="UTF-8"?>'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                 '</Types>')
rels = ('<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '</Relationships>')
with zipfile.ZipFile("city.docx", "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in [("[Content_Types].xml", content_types), ("_rels/.rels", rels), ("word/document.xml", document)]:
        info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, data)

open("city.gb18030.txt", "wb").write("\n".join(lines).encode("gb18030") + b"\r\n")

# Damaged Word files for the error tests: an archive without a document, and one
# whose document is not well-formed XML.
with zipfile.ZipFile("no-document.docx", "w") as z:
    z.writestr(zipfile.ZipInfo("[Content_Types].xml", date_time=(2024, 1, 1, 0, 0, 0)), content_types)
with zipfile.ZipFile("broken-xml.docx", "w") as z:
    z.writestr(zipfile.ZipInfo("word/document.xml", date_time=(2024, 1, 1, 0, 0, 0)),
               '<?xml version="1.0"?><w:document xmlns:w="x"><w:body><w:p><w:t>增长7%</w:p></w:body>')
# A report with a byte that is neither UTF-8 nor GB18030.
open("bad-bytes.txt", "wb").write("二、2024年工作安排\n地区生产总值增长7%".encode("utf-8") + b"\xff\xff\n")
