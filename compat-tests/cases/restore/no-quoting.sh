# desc: the -R tokenizer has no quoting: quote characters are part of the token
ipvsadm -R <<'EOF'
-A -t 10.0.0.230:80 -s "rr"
-A -t 10.0.0.231:80 -s 'rr'
-A -t 10.0.0.232:80 -s rr
EOF
echo "rc=$?"
ipvsadm -Ln
