package io.medulla.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.repository.TextToken.Kind;
import io.medulla.repository.TextValue.ListValue;
import io.medulla.repository.TextValue.Message;
import io.medulla.repository.TextValue.Scalar;
import io.medulla.runtime.ModelLoadException;
import org.junit.jupiter.api.Test;

class TextFormatParserTest {
  private static Message parse(String text) {
    return TextFormatParser.parse("m/config.pbtxt", text);
  }

  private static Scalar scalar(Message m, String field) {
    return (Scalar) m.values(field).get(0);
  }

  @Test
  void readsScalarsOfEveryKind() {
    Message m = parse("a: 12 b: -3 c: 1.5e-3 d: TYPE_FP32 e: \"s\" f: 'q' g: 0x1F h: -inf");
    assertThat(scalar(m, "a")).isEqualTo(new Scalar(Kind.NUMBER, "12", 1, 4));
    assertThat(scalar(m, "b").text()).isEqualTo("-3");
    assertThat(scalar(m, "c").text()).isEqualTo("1.5e-3");
    assertThat(scalar(m, "d").kind()).isEqualTo(Kind.IDENTIFIER);
    assertThat(scalar(m, "e").text()).isEqualTo("s");
    assertThat(scalar(m, "f").text()).isEqualTo("q");
    assertThat(scalar(m, "g").text()).isEqualTo("0x1F");
    assertThat(scalar(m, "h").text()).isEqualTo("-inf");
  }

  @Test
  void decodesEscapesAndJoinsAdjacentStrings() {
    Message m = parse("s: \"a\\n\\t\\\"b\\\\\" 'c\\'d' \"\\x41\\101\\u00e9\"");
    assertThat(scalar(m, "s").text()).isEqualTo("a\n\t\"b\\c'dAAé");
  }

  @Test
  void readsNestedMessagesWithBracesOrAnglesAndOptionalColon() {
    Message m = parse("outer { inner: < x: 1 > } other: { y: 2 }");
    Message outer = (Message) m.values("outer").get(0);
    Message inner = (Message) outer.values("inner").get(0);
    assertThat(scalar(inner, "x").text()).isEqualTo("1");
    assertThat(m.has("other")).isTrue();
  }

  @Test
  void flattensListsAndRepeatedFields() {
    Message m = parse("dims: [1, 2] dims: 3\nitems [ { a: 1 }, { a: 2 } ]");
    assertThat(m.values("dims"))
        .extracting(v -> ((Scalar) v).text())
        .containsExactly("1", "2", "3");
    assertThat(m.values("items")).hasSize(2).allMatch(v -> v instanceof Message);
    assertThat(parse("e: []").values("e")).isEmpty();
    assertThat(parse("e: [1]").fields().get(0).value()).isInstanceOf(ListValue.class);
  }

  @Test
  void skipsCommentsAndSeparators() {
    Message m = parse("# header\na: 1, # trailing\nb: 2;\n  c { d: 3; }");
    assertThat(m.fields()).extracting(TextValue.Field::name).containsExactly("a", "b", "c");
  }

  @Test
  void remembersLineAndColumnOfFields() {
    Message m = parse("a: 1\n  b {\n    c: 2\n  }");
    TextValue.Field b = m.fields().get(1);
    assertThat(b.line()).isEqualTo(2);
    assertThat(b.column()).isEqualTo(3);
    Scalar c = scalar((Message) b.value(), "c");
    assertThat(c.line()).isEqualTo(3);
    assertThat(c.column()).isEqualTo(8);
  }

  @Test
  void missingColonBeforeScalarIsRejectedWithItsPosition() {
    assertThatThrownBy(() -> parse("name \"x\""))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage(
            "m/config.pbtxt:1:6: expected ':' or '{' after field 'name', found string \"x\"");
  }

  @Test
  void unclosedMessageIsRejectedNamingWhereItOpened() {
    assertThatThrownBy(() -> parse("a {\n b: 1\n"))
        .hasMessage(
            "m/config.pbtxt:3:1: expected '}' to close the message opened at 1:3, found end of file");
  }

  @Test
  void unterminatedStringIsRejected() {
    assertThatThrownBy(() -> parse("a: 1\nb: \"oops\n"))
        .hasMessage("m/config.pbtxt:2:4: unterminated string (expected a closing \")");
  }

  @Test
  void badListSeparatorIsRejected() {
    assertThatThrownBy(() -> parse("dims: [1 2]"))
        .hasMessage(
            "m/config.pbtxt:1:10: expected ',' or ']' in the list opened at 1:7, found '2'");
  }

  @Test
  void strayClosingBraceIsRejected() {
    assertThatThrownBy(() -> parse("a: 1 }"))
        .hasMessage("m/config.pbtxt:1:6: expected a field name, found '}'");
  }

  @Test
  void unknownEscapeIsRejected() {
    assertThatThrownBy(() -> parse("a: \"\\q\""))
        .hasMessage("m/config.pbtxt:1:5: unknown escape sequence '\\q'");
  }
}
