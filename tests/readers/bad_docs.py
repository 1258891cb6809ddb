#!/usr/bin/env python3
"""Hostile documents for the readers' bad-input cases (tests/cli/badinput.tsv), made
at test time with the standard library only: build(DIR) writes them into DIR.

  encrypted.pdf     a PDF with a Standard security handler whose empty user password
                    does not open it (needs a password)
  damaged.pdf       a PDF header followed by garbage: no objects, no cross-reference
  pages-loop.pdf    a page tree whose Pages node lists itself as its kid
  million-pages.pdf a page tree that claims a million pages and holds one
  zipbomb.docx      a DOCX whose document.xml inflates from a few KB to 32 MiB
  laughs.docx       a DOCX whose document.xml declares the billion-laughs entities
  notword.zip       a zip archive without word/document.xml
  deep.html         HTML nested 100000 elements deep"""
import io
import os
import sys
import zipfile


def pdf(objects, trailer_extra=b''):
    """A PDF from object bodies (1-based), with a correct xref table."""
    out = io.BytesIO()
    out.write(b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b'%d 0 obj\n%s\nendobj\n' % (i, body))
    xref = out.tell()
    out.write(b'xref\n0 %d\n0000000000 65535 f \n' % (len(objects) + 1))
    for off in offsets:
        out.write(b'%010d 00000 n \n' % off)
    out.write(b'trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n'
              % (len(objects) + 1, trailer_extra, xref))
    return out.getvalue()


PAGE = b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>'
CONTENT = b'<< /Length 0 >>\nstream\n\nendstream'


def docx(document_xml):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types/>')
        z.writestr('word/document.xml', document_xml)
    return buf.getvalue()


LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n' +
          ''.join(' <!ENTITY lol%d "%s">\n' % (i, ('&lol%s;' % (i - 1 if i > 1 else '')) * 10)
                  for i in range(1, 10)) +
          ']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
          'main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')


def build(base):
    files = {
        'encrypted.pdf': pdf([b'<< /Type /Catalog /Pages 2 0 R >>',
                              b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>', PAGE, CONTENT,
                              b'<< /Filter /Standard /V 1 /R 2 /P -44 /O <' + b'3a' * 32 +
                              b'> /U <' + b'7c' * 32 + b'> >>'],
                             b'/Encrypt 5 0 R /ID [<0123456789abcdef0123456789abcdef> '
                             b'<0123456789abcdef0123456789abcdef>] '),
        'damaged.pdf': b'%PDF-1.7\n' + bytes((i * 73 + 5) % 256 for i in range(4096)),
        'pages-loop.pdf': pdf([b'<< /Type /Catalog /Pages 2 0 R >>',
                               b'<< /Type /Pages /Kids [2 0 R] /Count 1 >>', PAGE, CONTENT]),
        'million-pages.pdf': pdf([b'<< /Type /Catalog /Pages 2 0 R >>',
                                  b'<< /Type /Pages /Kids [3 0 R] /Count 1000000 >>', PAGE,
                                  CONTENT]),
        'zipbomb.docx': docx('<?xml version="1.0"?><w:document xmlns:w="x">' + ' ' * (32 << 20)
                             + '</w:document>'),
        'laughs.docx': docx(LAUGHS),
        'notword.zip': docx('')[:0] or _plain_zip(),
        'deep.html': ('<!DOCTYPE html><html><body>' + '<div>' * 100000 + 'Kabul' +
                      '</div>' * 100000 + '</body></html>').encode(),
    }
    for name, data in files.items():
        with open(os.path.join(base, name), 'wb') as f:
            f.write(data)
    return files.keys()


def _plain_zip():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('readme.txt', 'Kabul and Herat.\n')
    return buf.getvalue()


if __name__ == '__main__':
    os.makedirs(sys.argv[1], exist_ok=True)
    print('\n'.join(build(sys.argv[1])))
