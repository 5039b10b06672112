import { foldText } from '../text/foldText';

/**
 * Words with which people report that mail fails, in the recognizer's languages, matched as substrings of the folded
 * text (see `foldText`: "ÉCHEC" and "echec" match "échec").
 * A text with none of them explains or plans something ("an alias is …", "the recommended thresholds look reversed")
 * rather than reports a block, so a block read from its words is one to confirm.
 */
const FAILURE_WORDS: readonly string[] = [
  // en
  "can't", 'cannot', 'can not', "couldn't", 'unable', 'not able', 'block', 'reject', 'bounce', 'ndr', 'undeliver', 'fail',
  'error', 'denied', 'restrict', 'stopped', 'stuck', 'not sent', "won't", 'not going out', 'limit', 'exceed', 'banned',
  'suspend', 'quarantin', 'throttl', 'not delivered', 'returned', "doesn't", "don't", "isn't", 'not working', 'no longer',
  // en, nobody can: a subject that excludes everyone ("none of us can send", "nobody here can send")
  'nobody', 'no one', 'none of', 'not one of', 'not a single', 'no user',
  // fr
  'impossible', 'ne peut', 'ne peuvent', "n'arrive", 'bloqu', 'rejet', 'refus', 'erreur', 'échec', 'echec', 'limite', 'dépass',
  'depass', 'restreint', 'interdit', 'banni', 'ne part', 'retour', 'empêch', "n'arriv", 'ne pouvons', 'ne pouvez', 'plus possible',
  'personne ne', 'plus personne', 'aucun de', "aucun d'", 'aucun utilisateur', 'plus aucun',
  // it
  'impossibil', 'non riesc', 'non posso', 'non può', 'non possono', 'bloccat', 'blocco', 'rifiut', 'errore', 'non recapit',
  'superat', 'limitat', 'bannat', 'respint', 'impedit', 'non riusc', 'non possiamo', 'non potete', 'non part', 'più niente', 'più nulla',
  'nessun', // nessuno, nessuna, nessun utente
  // zh-CN
  '无法', '不能', '发不出', '发不了', '没法', '没办法', '没人', '没有人', '谁都', '谁也', '退信', '退回', '阻止', '拒绝', '错误', '失败', '限制', '超过', '超出',
  '封禁', '被封', '封了', '受限', '禁止',
  // de
  'kann nicht', 'können nicht', 'nicht möglich', 'blockiert', 'gesperrt', 'abgelehnt', 'fehler', 'unzustellbar', 'überschritten',
  'eingeschränkt', 'niemand', 'keiner', 'geht nicht', 'verhindert', 'nicht mehr',
  // es
  'no puedo', 'no podemos', 'no se puede', 'no pueden', 'bloque', 'rechaz', 'límite', 'superado', 'restringid', 'devuelt', 'no llega', 'nadie', 'ninguno', 'ya no', 'impedid',
  // ja
  'できません', 'できない', 'ブロック', '拒否', 'エラー', '失敗', '制限', '超え', '届かない', '送れない', '返って', '停止', '誰も',
  // pt
  'não consigo', 'não conseguimos', 'não é possível', 'rejeit', 'recus', 'erro', 'excedid', 'restrit', 'devolvid', 'ninguém', 'nenhum', 'não dá',
].map(foldText);

/** Whether `text` reports that something fails (any recognizer language). Linear: one indexOf per word. */
export function describesFailure(text: string): boolean {
  const folded = foldText(text);
  return FAILURE_WORDS.some((w) => folded.includes(w));
}
