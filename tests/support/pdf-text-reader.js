// Prints the text of the PDF on stdin, with pdf-parse (Mozilla's PDF.js underneath). A script of
// its own so that tests/support/pdf-text.ts can read a PDF synchronously, as a reader would see it.
const { PDFParse } = require('pdf-parse');

const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try {
    process.stdout.write((await parser.getText({ pageJoiner: '\n' })).text);
  } finally {
    await parser.destroy();
  }
});
