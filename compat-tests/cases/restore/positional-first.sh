# desc: a -R line starting with a positional followed by a command: popt permutes, so it is an unexpected argument (rc 2, aborts)
ipvsadm -R <<'EOF'
-A -t 10.0.0.127:80
foo -A -t 10.0.0.128:80
-A -t 10.0.0.129:80
EOF
echo "rc=$?"
ipvsadm -Ln
