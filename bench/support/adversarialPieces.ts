/** Pieces whose long repeats are the classic worst cases of text scanners. */
export const PIECES = [
  'a', ' ', '\n', '\r\n', '\t', ' \n ', '\n\n\t', '@', 'a@', 'a@a.', '@a.a', 'a.', '.', '..', '-', 'a-', '<', '<a', '<a@a.aa>',
  '>', '</', '<p>', '<style', '<mailto:', '&', '&a', '&#1', ':', 'a:', 'a: ', ' :', '=', 'a=', ';', 'a=b;', '"', '""', ',', 'a,',
  '|', '{', '[', '{"a":', '[[', '0', '5.', '5.7.', '5.7.750 ', '550 ', '550-', '#', '(', 'a(', '(AB)', '中', '中文', 'へ',
  'へのメッセージ', '发送给', '//', 'http://', 'a://a:', 'from ', 'from:', 'From: <', 'Status: ', 'to ', 'your message to ',
  '\u00e9', '\u0301', '\u2028', '\u00a0', 'eyJ', 'Bearer ', 'password=', 'AccountKey=', '-----BEGIN PRIVATE KEY-----', '\\', "'",
];
