# check($schema): the ways the input breaks a JSON-schema subset (type object/array/string/integer/
# boolean, required, properties, additionalProperties false or a schema, items, minItems, enum,
# pattern, minimum, maximum, and "$ref": NAME into the schema's "definitions"), one line each; none
# when it conforms.
def check($root; $s; $path):
  (if $s["$ref"] then $root.definitions[$s["$ref"]] else $s end) as $s
  | if $s.type == "object" then
      if type != "object" then ["\($path): expected an object"]
      else
        . as $o
        | [($s.required // [])[] | select(. as $r | $o | has($r) | not) | "\($path).\(.): missing"]
        + [keys[] | select(. as $k | ($s.properties // {}) | has($k) | not)
           | if $s.additionalProperties == false then "\($path).\(.): not a field here"
             elif ($s.additionalProperties | type) == "object" then ($o[.] | check($root; $s.additionalProperties; "\($path).\(.)"))[]
             else empty end]
        + [keys[] | select(. as $k | ($s.properties // {}) | has($k)) | . as $k | ($o[$k] | check($root; $s.properties[$k]; "\($path).\($k)"))[]]
      end
    elif $s.type == "array" then
      if type != "array" then ["\($path): expected an array"]
      else
        (if $s.minItems and length < $s.minItems then ["\($path): fewer than \($s.minItems) items"] else [] end)
        + [to_entries[] | .key as $i | (.value | check($root; $s.items; "\($path)[\($i)]"))[]]
      end
    elif $s.type == "string" then
      if type != "string" then ["\($path): expected a string"]
      elif $s.enum and (. as $v | $s.enum | index([$v]) | not) then ["\($path): '\(.)' is not one of \($s.enum)"]
      elif $s.pattern and (test($s.pattern) | not) then ["\($path): '\(.)' does not match \($s.pattern)"]
      else [] end
    elif $s.type == "integer" then
      if type != "number" or . != floor then ["\($path): expected an integer"]
      elif $s.minimum != null and . < $s.minimum then ["\($path): below \($s.minimum)"]
      elif $s.maximum != null and . > $s.maximum then ["\($path): above \($s.maximum)"]
      else [] end
    elif $s.type == "boolean" then
      if type != "boolean" then ["\($path): expected true or false"] else [] end
    else ["\($path): the schema has no type"] end;
check($schema[0]; $schema[0]; "") | .[]
