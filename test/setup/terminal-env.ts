// Tests judge what a UTF-8 terminal that takes cursor movement shows, whatever TERM and locale the suite was started
// under (CI may have TERM=dumb or LANG=C): the tests of those cases set them themselves.
process.env.TERM = 'xterm';
process.env.LANG = 'C.UTF-8';
delete process.env.LC_ALL;
delete process.env.LC_CTYPE;
