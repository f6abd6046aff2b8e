"""erixidl: the EriX IDL compiler (lexer -> parser -> checked model -> emitters)."""
