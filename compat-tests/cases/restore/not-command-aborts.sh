# desc: a -R line whose first token is not a command (-n, an unknown option) gives the Try hint and aborts with rc 255
ipvsadm -R <<'EOF'
-A -t 10.0.0.125:80
-n -L
-A -t 10.0.0.126:80
EOF
echo "rc=$?"
ipvsadm -R <<'EOF'
-A -t 10.0.0.127:80
--bogus -A -t 10.0.0.128:80
-A -t 10.0.0.129:80
EOF
echo "rc=$?"
ipvsadm -Ln
