# desc: the ipvsadm-restore wrapper clears the table first, drops lines starting with #, exit status is that of ipvsadm -R
ipvsadm -A -t 10.0.0.99:80
ipvsadm-restore <<'EOF'
# saved rules
-A -t 10.0.0.200:80 -s rr
#-A -t 10.0.0.201:80
-a -t 10.0.0.200:80 -r 10.0.0.2 -m
EOF
echo "rc=$?"
ipvsadm -Ln
ipvsadm-restore <<'EOF'
-A -t 10.0.0.202:80
-A -t 10.0.0.202:80
EOF
echo "rc=$?"
ipvsadm-restore </dev/null
echo "rc=$?"
ipvsadm -Ln
