# desc: a nested -R line inside restore input gives the Try hint and aborts with rc 255
ipvsadm -R <<'EOF'
-A -t 10.0.0.130:80
-R
-A -t 10.0.0.131:80
EOF
echo "rc=$?"
ipvsadm -Ln
